import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_forgot_your_password_once(client):
    page = client.get(reverse("account_login")).content.decode()

    assert page.count("Forgot your password?") == 1
    assert f'<a href="{reverse("account_reset_password")}">Forgot your password?</a>' in page
