"""What a browser would execute in a page: parsed tags and attributes, not text."""

from html.parser import HTMLParser


class _DangerFinder(HTMLParser):
    """Lists what a browser would execute: the parsed tags and attributes, not text."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"script {attributes}")
        if tag in {"iframe", "object", "embed", "svg"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.found.append(f"{tag} {name}={value}")


def danger_in(html: str) -> list[str]:
    finder = _DangerFinder()
    finder.feed(html)
    return finder.found
