import django.db.models
from django.db import migrations

import topics.models.topics


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0029_calendar_mails"),
    ]

    operations = [
        migrations.AddField(
            model_name="channel",
            name="banner",
            field=django.db.models.ImageField(
                blank=True,
                help_text="A wide picture for the top of the channel's page (about 1600 by 400 pixels).",
                upload_to=topics.models.topics.channel_banner_path,
                verbose_name="banner image",
            ),
        ),
    ]
