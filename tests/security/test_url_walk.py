"""Every URL of the project, anonymously and as a plain member, against an explicit table.

A new URL pattern without an entry here fails the test: decide who may see it.
Objects in URLs belong to another member, so a plain member must not get in.
"""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.security.walk import concrete_url, url_patterns, world

pytestmark = pytest.mark.django_db

# name: (anonymous, plain member) status for a GET.
# 302 for anonymous = sent to log in; 405 = the URL only takes POST.
EXPECTED = {
    "healthz": (200, 200),
    "robots_txt": (200, 200),
    "sitemap": (200, 200),
    "home": (200, 200),
    "about": (200, 200),
    "contact": (200, 200),
    "privacy": (200, 200),
    "terms": (200, 200),
    "legal_notice": (200, 200),
    "topics:channel_styles": (200, 200),
    "topics:calendar": (200, 200),
    "topics:channel_detail": (200, 200),
    "topics:channel_calendar": (200, 200),
    "topics:feed_rss": (200, 200),
    "topics:feed_atom": (200, 200),
    "topics:channel_feed_rss": (200, 200),
    "topics:channel_feed_atom": (200, 200),
    "comments:topic_comments_feed": (200, 200),
    "topics:search": (200, 200),
    "topics:topic_propose": (302, 200),
    "topics:topic_detail": (200, 200),
    "topics:topic_share": (302, 302),  # counts a click, then the topic page
    "topics:topic_edit": (302, 403),
    "topics:topic_submit": (302, 405),
    "topics:topic_withdraw": (302, 405),
    "topics:topic_follow": (302, 405),
    "topics:opinion_set": (302, 405),
    "topics:feedback_create": (302, 405),
    "topics:participation_request_create": (302, 405),
    "comments:comment_create": (302, 405),
    "topics:participation_request_withdraw": (302, 405),
    "comments:comment_detail": (200, 200),
    "comments:comment_conversation": (200, 200),
    "comments:comment_edit": (302, 403),
    "comments:comment_delete": (302, 403),  # GET: the confirmation page, for its author
    "comments:comment_useful": (302, 405),
    "comments:comment_report": (302, 200),
    "topics:my_space": (302, 200),
    "topics:guest_answer": (302, 404),
    "topics:co_proposer_invitation_answer": (302, 405),
    "notifications:notification_list": (302, 200),
    "notifications:notification_preferences": (302, 200),
    "notifications:notification_unsubscribe": (200, 200),  # the signed token is the credential
    "topics:workspace_dashboard": (302, 403),
    "topics:workspace_topic_list": (302, 403),
    "topics:workspace_topic": (302, 403),
    "topics:workspace_topic_decide": (302, 405),
    "topics:workspace_topic_schedule": (302, 405),
    "topics:workspace_topic_handle": (302, 405),
    "topics:workspace_topic_publish": (302, 405),
    "topics:workspace_topic_cancel_recording": (302, 405),
    "topics:workspace_topic_progress": (302, 405),
    "topics:workspace_topic_follow_up": (302, 405),
    "topics:workspace_topic_video": (302, 405),
    "topics:workspace_topic_unpublish": (302, 405),
    "topics:workspace_participation_decide": (302, 405),
    "topics:workspace_guest_message": (302, 405),
    "topics:workspace_studio_list": (302, 403),
    "topics:workspace_studio_edit": (302, 403),
    "topics:workspace_studio_remove": (302, 405),
    "topics:member_calendar": (404, 404),  # the signed token is the credential
    "topics:member_calendar_reset": (302, 405),
    "comments:workspace_comment_moderate": (302, 405),
    "sponsorship:interest_create": (302, 200),
    "sponsorship:interest_withdraw": (302, 405),
    "sponsorship:lead_list": (302, 403),
    "sponsorship:questionnaire_answer": (302, 200),
    # The walk's topic is proposed: its episode is not on the site yet.
    "episodes:episode_detail": (404, 404),
    "episodes:episode_chapters": (404, 404),
    "episodes:episode_transcript": (404, 404),
    "episodes:channel_podcast": (200, 200),
    "episodes:workspace_episode": (302, 403),
    "episodes:workspace_transcript": (302, 405),
    "webhooks:endpoint_list": (302, 403),
    # Another channel's endpoint is not found: its address is the organizers' business.
    "webhooks:endpoint_detail": (302, 404),
    "webhooks:endpoint_rotate": (302, 405),
    "webhooks:endpoint_resume": (302, 405),
    "webhooks:endpoint_test": (302, 405),
    "webhooks:endpoint_delete": (302, 405),
    "sponsorship:questionnaire_edit": (302, 403),
    "sponsorship:questionnaire_from_template": (302, 405),
    "sponsorship:questionnaire_results": (302, 403),
    "sponsorship:questionnaire_export": (302, 403),
    # Not even a 403: the report's address tells no one else that it exists.
    "sponsorship:report": (302, 404),
    "sponsorship:report_print": (302, 404),
    "sponsorship:report_csv": (302, 404),
    "account_login": (200, 302),
    "account_logout": (302, 200),
    "account_inactive": (200, 200),
    "account_signup": (200, 302),
    "account_reauthenticate": (302, 200),
    # allauth 65.22: reauthenticate with a code mailed to the member's own address.
    "account_request_reauthentication_code": (302, 200),
    "account_confirm_reauthentication_code": (302, 302),  # no code requested yet
    "account_email": (302, 200),
    "account_email_verification_sent": (200, 200),
    "account_change_password": (302, 200),
    "account_set_password": (302, 302),
    "account_reset_password": (200, 200),
    "account_confirm_login_code": (302, 302),
    "account_confirm_email": (200, 200),  # an invalid link says so
    "account_reset_password_from_key_done": (200, 200),
    "account_reset_password_from_key": (200, 200),  # an invalid link says so
    "account_reset_password_done": (200, 200),
    "accounts:profile_edit": (302, 200),
    "accounts:data_export": (302, 200),
    "accounts:account_delete": (302, 200),
    "accounts:language_set": (405, 405),
    "accounts:profile_detail": (200, 200),
    # The API reads no session: a signed-in member is a visitor there (401 on their own
    # data without a token). The walk's slugs are a topic's, so channel and episode 404.
    "api:channel_list": (200, 200),
    "api:channel_detail": (404, 404),
    "api:topic_list": (200, 200),
    "api:topic_detail": (200, 200),
    "api:topic_opinions": (200, 200),
    "api:topic_connected": (200, 200),
    "api:topic_comment_create": (405, 405),
    "api:episode_list": (200, 200),
    "api:episode_detail": (404, 404),
    "api:schedule": (200, 200),
    "api:my_token": (401, 401),
    "api:my_topics": (401, 401),
    "api:my_participation_requests": (401, 401),
    "api:my_notifications": (401, 401),
    "api:organizer_proposals": (401, 401),
    "api:organizer_requests": (401, 401),
    "api:participation_decide": (405, 405),
    "api:schema": (200, 200),
    "api:docs": (200, 200),
    "api:token_list": (302, 200),
    "api:token_revoke": (302, 405),
    "api:not_found": (404, 404),
    "admin:*": (302, 302),
    "^media/(?P<path>.*)$": (404, 404),  # development media serving only
}

# POST-only URLs whose CSRF exemption is deliberate (the signed token authenticates).
CSRF_EXEMPT = {"notifications:notification_unsubscribe"}
# The API authenticates by bearer token only, never by the session cookie: a forged
# cross-site request carries no authority there and is refused as anonymous (401), or
# answered 404/405. Its token pages (/me/api-tokens/) are ordinary pages, CSRF-checked.
SESSIONLESS_REFUSALS = {401, 403, 404, 405}


def _sessionless(name: str) -> bool:
    return name.startswith("api:") and name not in {"api:token_list", "api:token_revoke"}


@pytest.fixture
def walk():
    objects = world()
    return [(name, concrete_url(name, route, objects)) for name, route in url_patterns()]


def test_every_url_has_an_entry(walk):
    assert sorted(name for name, _url in walk if name not in EXPECTED) == []


def test_every_url_answers_as_the_table_says(client, walk):
    member = UserFactory()
    seen = {}
    for name, url in walk:
        client.logout()
        anonymous = client.get(url).status_code
        client.force_login(member)
        seen[name] = (anonymous, client.get(url).status_code)

    assert {n: s for n, s in seen.items() if s != EXPECTED.get(n)} == {}


def test_csrf_is_enforced_on_every_state_changing_request(walk):
    member = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    accepted = []
    for name, url in walk:
        if name in CSRF_EXEMPT:
            continue
        status = client.post(url, {}).status_code
        if status != 403 and not (_sessionless(name) and status in SESSIONLESS_REFUSALS):
            accepted.append(name)

    assert accepted == []
