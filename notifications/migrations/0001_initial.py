"""Notifications, moved from the topics app: state only, the tables stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ("notification", "notificationpreference")


def content_types_move(apps, schema_editor):
    """The admin's history and any permission on these models follow them here."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="notifications", model=model).exists():
            content_type.objects.filter(app_label="topics", model=model).update(
                app_label="notifications"
            )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('topics', '0016_notifications_move_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables were created by the topics app and keep their names and rows.
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('my_topics', models.BooleanField(default=True, verbose_name='Activity on the topics I brought')),
                ('decisions', models.BooleanField(default=True, verbose_name='Decisions on my topics, requests and sponsor interests')),
                ('replies', models.BooleanField(default=True, verbose_name='Replies to my comments')),
                ('followed', models.BooleanField(default=True, verbose_name='Recordings and episodes of the topics I follow')),
                ('by_email', models.BooleanField(default=True, verbose_name='Also send them by email')),
                ('member', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
                'db_table': 'topics_notificationpreference',
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('comment_new', 'New comment'), ('feedback_new', 'New feedback'), ('participation_new', 'New participation request'), ('sponsor_new', 'New sponsor interest'), ('topic_decision', 'Decision on a topic'), ('participation_decision', 'Decision on a participation request'), ('sponsor_decision', 'Decision on a sponsor interest'), ('comment_reply', 'Reply to a comment'), ('topic_scheduled', 'Recording scheduled'), ('topic_published', 'Episode published'), ('co_proposer_invitation', 'Invitation to co-propose a topic'), ('co_proposer_answer', 'Answer to an invitation to co-propose'), ('topic_edited', 'Topic edited after acceptance')], max_length=30)),
                ('actor_name', models.CharField(blank=True, max_length=200)),
                ('status_label', models.CharField(blank=True, max_length=100)),
                ('message', models.TextField(blank=True)),
                ('url', models.CharField(max_length=500)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('mail_state', models.CharField(blank=True, choices=[('', 'not queued'), ('pending', 'waiting to be sent'), ('sent', 'sent'), ('failed', 'given up'), ('held', 'not mailed: a recent mail covers it')], max_length=10)),
                ('mail_attempts', models.PositiveSmallIntegerField(default=0)),
                ('actor', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recipient', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='topics.topic')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'db_table': 'topics_notification',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='topics_noti_recipie_29080f_idx'), models.Index(condition=models.Q(('mail_state', 'pending')), fields=['id'], name='notification_mail_pending'), models.Index(condition=models.Q(('mail_state', 'sent')), fields=['recipient', 'topic', 'kind', 'created_at'], name='notification_mailed')],
            },
        ),
                ],
        ),
        migrations.RunPython(content_types_move, migrations.RunPython.noop),
    ]
