import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import ChannelFactory, UserFactory
from topics.models import Feedback, Opinion, ParticipationRequest, Topic, TopicStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_proposal_gathers_opinion_feedback_request_and_threaded_comments(browser, live_server):
    ChannelFactory(name="IT & digital", slug="it-digital")
    UserFactory(email="alice@example.com", full_name="Alice Proposer")
    UserFactory(email="bruno@example.com", full_name="Bruno Viewer")
    UserFactory(email="chloe@example.com", full_name="Chloé Replier")

    # Alice proposes a topic and submits it.
    alice = new_page(browser, live_server)
    log_in(alice, "alice@example.com")
    alice.get_by_role("link", name="Propose a topic").first.click()
    alice.get_by_label(re.compile(r"^\s*Channel\*?\s*$")).select_option(label="IT & digital")
    alice.get_by_label("Title").fill("Observability on a budget")
    alice.get_by_label("Summary").fill("How small teams see what their systems do.")
    alice.get_by_label("Full text").fill("Logs, metrics and traces **without** a big bill.")
    alice.get_by_label("Format").select_option(label="Debate / round table")
    alice.get_by_role("button", name="Submit to the organizers").click()
    expect(alice.get_by_role("heading", level=1, name="Observability on a budget")).to_be_visible()
    expect(alice.get_by_text("Your topic is proposed.")).to_be_visible()
    assert Topic.objects.get().status == TopicStatus.PROPOSED

    # Bruno finds it from the channel page and takes part in every way.
    bruno = new_page(browser, live_server)
    log_in(bruno, "bruno@example.com")
    bruno.goto("/channels/it-digital/")
    bruno.get_by_role("link", name="Observability on a budget").click()
    # Each form opens in place from its call to action.
    bruno.locator("summary", has_text="My opinion").click()
    bruno.get_by_label("Essential").check()
    bruno.get_by_role("button", name="Give my opinion").click()
    expect(bruno.get_by_text("Thank you, your opinion is recorded.")).to_be_visible()
    bruno.locator("summary", has_text="Here's my feedback").click()
    bruno.get_by_role("textbox", name="Here's my feedback").fill("Invite an SRE from a startup.")
    bruno.get_by_role("button", name="Send my feedback").click()
    expect(bruno.get_by_text("Thank you, your feedback was sent")).to_be_visible()
    bruno.locator("summary", has_text="Take part in the show").click()
    bruno.get_by_label("Guest expert").check()
    bruno.get_by_label("I explain my motivation to the organizers").fill(
        "I run monitoring for a 12-person team."
    )
    bruno.get_by_role("button", name="Send my request").click()
    expect(bruno.get_by_text("Your request is sent to the organizers.")).to_be_visible()
    bruno.get_by_label(re.compile(r"^\s*Comment\*?\s*$")).fill(
        "Which open-source stack would you pick?"
    )
    bruno.get_by_role("button", name="Post my comment").click()
    expect(bruno.get_by_text("Which open-source stack would you pick?")).to_be_visible()

    # Chloé replies to Bruno's comment.
    chloe = new_page(browser, live_server)
    log_in(chloe, "chloe@example.com")
    chloe.goto(Topic.objects.get().get_absolute_url())
    chloe.get_by_role("link", name="Reply to Bruno Viewer").click()
    chloe.get_by_label("Your reply to Bruno Viewer").fill("Prometheus and Grafana, for a start.")
    chloe.get_by_role("button", name="Post my reply").click()
    expect(chloe.get_by_text("Your comment is posted.")).to_be_visible()
    reply = chloe.locator(".comment-thread .comment-thread").get_by_text(
        "Prometheus and Grafana, for a start."
    )
    expect(reply).to_be_visible()

    # Alice sees the feedback and the request in her space.
    alice.locator("summary", has_text="Alice Proposer").click()
    alice.get_by_role("link", name="My space").click()
    expect(alice.get_by_text("Invite an SRE from a startup.")).to_be_visible()
    expect(alice.get_by_text("I run monitoring for a 12-person team.")).to_be_visible()
    assert (Opinion.objects.count(), Feedback.objects.count()) == (1, 1)
    assert ParticipationRequest.objects.get().applicant.email == "bruno@example.com"


def test_a_member_pages_through_a_long_thread_and_replies_on_a_later_page(browser, live_server):
    from tests.factories import CommentFactory, TopicFactory

    topic = TopicFactory(title="A lively topic")
    for n in range(1, 56):
        CommentFactory(topic=topic, body=f"Opening {n}")
    UserFactory(email="dina@example.com", full_name="Dina Member")

    dina = new_page(browser, live_server)
    log_in(dina, "dina@example.com")
    dina.goto(topic.get_absolute_url())
    expect(dina.get_by_text("Conversations 1 to 50 of 55, oldest first")).to_be_visible()
    expect(dina.get_by_text("Opening 51", exact=True)).to_have_count(0)

    dina.get_by_role("navigation", name="Comment pages", exact=True).get_by_role(
        "link", name="Later conversations"
    ).click()
    expect(dina.get_by_text("Conversations 51 to 55 of 55, oldest first")).to_be_visible()
    expect(dina.get_by_text("Opening 51", exact=True)).to_be_visible()

    # Reply to a conversation of page 2: the reply page, then back to page 2, at the reply.
    dina.locator("li", has_text="Opening 53").get_by_role("link", name=re.compile("^Reply")).click()
    dina.get_by_label("Your reply to").fill("Replying on the second page")
    dina.locator(".reply-inline").get_by_role("button", name="Post my reply").click()
    dina.wait_for_url(re.compile(r"\?comments=2#comment-\d+$"))
    expect(dina.get_by_text("Replying on the second page")).to_be_visible()
