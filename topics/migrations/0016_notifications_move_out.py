"""Notifications move to their own app (notifications/): the models leave this app's
state, their tables and rows stay where they are (notifications 0001 takes them on)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0015_participation_closed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="notificationpreference", name="member"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="NotificationPreference"),
            ],
            database_operations=[],
        ),
    ]
