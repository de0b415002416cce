"""The API speaks JSON whatever the client accepts: a browser asking for HTML gets
the JSON rather than a 406."""

from rest_framework.negotiation import DefaultContentNegotiation


class JSONOnly(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
