from secrets import token_hex

from django.db import migrations
from django.utils.text import slugify


def draft_slugs_hide(apps, schema_editor):
    """A draft never submitted gets the address a draft gets now: its title and a
    random part, so that a title matching it tells no one it exists."""
    Topic = apps.get_model("topics", "Topic")
    for topic in Topic.objects.filter(submitted_at__isnull=True, status__in=["draft", "withdrawn"]).only("pk", "title"):
        base = slugify(topic.title)[:150].strip("-") or "topic"
        topic.slug = f"{base}-{token_hex(4)}"
        topic.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("topics", "0013_co_proposer_invitations")]

    operations = [migrations.RunPython(draft_slugs_hide, migrations.RunPython.noop)]
