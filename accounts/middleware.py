from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """A logged-in member reads the site in the language of their profile.

    Anonymous visitors keep what LocaleMiddleware chose (cookie, then browser).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if language in self.languages and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
