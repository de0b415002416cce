from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Values every page needs: the site's absolute address for share links."""
    return {"SITE_URL": settings.SITE_URL.rstrip("/")}
