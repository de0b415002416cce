import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ChannelFactory, CommentFactory, TopicFactory, UserFactory
from topics.models import TopicStatus
from topics.search import topic_search_index

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def _topic(**fields):
    topic = TopicFactory(**fields)
    topic_search_index(topic_ids=[topic.pk])
    return topic


def _search(client, q, **params):
    return client.get(reverse("topics:search"), {"q": q, **params}).content.decode()


def test_a_word_only_in_the_body_finds_the_topic(client):
    _topic(title="Quiet title", body="We discuss photolithography in depth.")
    _topic(title="Other", body="Nothing related.")

    page = _search(client, "photolithography")

    assert "Quiet title" in page
    assert "Other</a>" not in page
    assert (
        "<mark>photolithography</mark>" in page.lower() or "<mark>Photolithography</mark>" in page
    )


@pytest.mark.parametrize("status", [TopicStatus.DRAFT, TopicStatus.DECLINED, TopicStatus.WITHDRAWN])
def test_private_topics_never_appear(client, status):
    _topic(title="Secret draft", body="unicornword", status=status)

    page = _search(client, "unicornword")

    assert "Secret draft" not in page
    assert "0 topics found" in page


def test_search_finds_by_proposer_and_channel(client):
    _topic(title="By name", proposer=UserFactory(full_name="Zelda Quixote"))
    _topic(title="By channel", channel=ChannelFactory(name="Politoscope"))

    assert "By name" in _search(client, "Quixote")
    assert "By channel" in _search(client, "Politoscope")


def test_search_snippet_is_escaped(client):
    _topic(title="Escaping", body="<script>alert(1)</script> zanzibarword")

    page = _search(client, "zanzibarword")

    assert "<script>alert(1)</script>" not in page
    assert "<mark>zanzibarword</mark>" in page


@on_postgresql
def test_french_stem_finds_the_french_topic(client):
    _topic(title="Les entreprises innovantes", language="fr", body="Nous parlons des entreprises.")
    _topic(title="Unrelated", language="en", body="Cats and dogs.")

    page = _search(client, "entreprise")

    assert "Les entreprises innovantes" in page
    assert "Unrelated" not in page


@on_postgresql
def test_title_ranks_before_body(client):
    _topic(title="Body only", body="kubernetes appears here")
    _topic(title="Kubernetes in the title", body="text")

    page = _search(client, "kubernetes")

    assert page.index("Kubernetes in the title") < page.index("Body only")


@pytest.mark.parametrize("count", [1, 30])
def test_search_queries_are_constant(client, django_assert_num_queries, count):
    for n in range(count):
        _topic(title=f"Match {n}", body="commonword")

    # The fifth: the words in the episodes' transcripts (episodes' "In the episodes").
    with django_assert_num_queries(5):
        page = _search(client, "commonword")

    assert page.count('class="mb-0 search-snippet"') == min(count, 12)


def test_filters_and_sorts_live_in_the_url_and_survive_pagination(client):
    channel = ChannelFactory(slug="it")
    for n in range(14):
        TopicFactory(channel=channel, format="debate", title=f"Debate {n}")
    TopicFactory(channel=channel, format="interview", title="An interview")

    page = client.get(reverse("home"), {"format": "debate", "sort": "newest"}).content.decode()

    assert "An interview" not in page
    assert "?format=debate&amp;sort=newest&amp;page=2" in page


def test_sort_by_most_discussed(client):
    quiet = TopicFactory(title="Quiet one")
    busy = TopicFactory(title="Busy one")
    CommentFactory(topic=busy)
    CommentFactory(topic=busy)

    page = client.get(reverse("home"), {"sort": "discussed"}).content.decode()

    assert page.index("Busy one") < page.index(quiet.title)


def test_filter_by_language(client):
    TopicFactory(title="English one", language="en")
    TopicFactory(title="Sujet en français", language="fr")

    page = client.get(reverse("home"), {"language": "fr"}).content.decode()

    assert "Sujet en français" in page
    assert "English one" not in page


def test_bad_filter_value_is_shown_not_a_500(client):
    response = client.get(reverse("home"), {"format": "nonsense", "sort": "???"})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_feeds_parse_and_hold_public_topics_only(client):
    channel = ChannelFactory(slug="it")
    TopicFactory(channel=channel, title="Public one")
    TopicFactory(channel=channel, title="Hidden draft", status=TopicStatus.DRAFT)
    TopicFactory(title="Elsewhere")

    for name, args in (("topics:feed_rss", []), ("topics:feed_atom", [])):
        feed = feedparser.parse(client.get(reverse(name, args=args)).content)
        assert sorted(e.title for e in feed.entries) == ["Elsewhere", "Public one"]
    channel_feed = feedparser.parse(
        client.get(reverse("topics:channel_feed_atom", args=["it"])).content
    )
    assert [e.title for e in channel_feed.entries] == ["Public one"]
    assert channel_feed.entries[0].link == "http://127.0.0.1:8000/topics/" + (
        channel.topics.get(title="Public one").slug + "/"
    )


def test_sitemap_lists_public_topics_only(client):
    public = TopicFactory()
    draft = TopicFactory(status=TopicStatus.DRAFT)

    root = ET.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314 - our own output

    locations = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"http://127.0.0.1:8000{public.get_absolute_url()}" in locations
    assert f"http://127.0.0.1:8000{draft.get_absolute_url()}" not in locations
    assert f"http://127.0.0.1:8000{public.channel.get_absolute_url()}" in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /workspace/" in response.content.decode()


@pytest.mark.parametrize("name", ["topics:feed_rss", "topics:feed_atom"])
def test_feeds_give_a_summary_as_text_not_html(client, name):
    summary = "Use <b>bold</b> and <script>alert(1)</script> & co"
    TopicFactory(summary=summary)

    feed = feedparser.parse(client.get(reverse(name)).content)

    assert [entry.summary for entry in feed.entries] == [
        "Use &lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    ]


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("topics:topic_propose", [], {"channel": "\x00"}),
        ("home", [], {"channel": "\x00", "format": "\x00", "sort": "\x00", "page": "\x00"}),
        ("topics:search", [], {"q": "a\x00b", "channel": "\x00"}),
        ("topics:channel_detail", ["it"], {"status": "\x00", "page": "\x00"}),
        ("topics:topic_detail", ["it-topic"], {"comments": "\x00"}),
    ],
)
def test_a_nul_byte_in_the_query_string_is_never_a_500(member_client, name, args, query):
    channel = ChannelFactory(slug="it")
    TopicFactory(channel=channel, slug="it-topic", title="Some topic")

    response = member_client.get(reverse(name, args=args), query)

    assert response.status_code == 200
