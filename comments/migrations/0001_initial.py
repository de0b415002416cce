"""Comments, moved from the topics app: state only, the tables stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ("topicthread", "comment", "commentreport", "commentuseful")


def content_types_move(apps, schema_editor):
    """The admin's history and any permission on these models follow them here."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="comments", model=model).exists():
            content_type.objects.filter(app_label="topics", model=model).update(
                app_label="comments"
            )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('topics', '0017_comments_move_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables were created by the topics app and keep their names and rows.
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='TopicThread',
            fields=[
                ('topic', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='topics.topic')),
                ('conversations', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'comment thread',
                'verbose_name_plural': 'comment threads',
                'db_table': 'topics_topicthread',
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('conversation_number', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('body', models.TextField(max_length=5000, verbose_name='comment')),
                ('body_html', models.TextField(blank=True, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('edited_at', models.DateTimeField(blank=True, null=True)),
                ('deleted_at', models.DateTimeField(blank=True, null=True)),
                ('hidden_at', models.DateTimeField(blank=True, null=True)),
                ('useful_count', models.PositiveIntegerField(default=0)),
                ('notices_pending', models.BooleanField(default=False, editable=False)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comments', to=settings.AUTH_USER_MODEL)),
                ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='comments.comment')),
                ('root', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='comments.comment')),
                ('topic', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='topics.topic')),
            ],
            options={
                'verbose_name': 'comment',
                'verbose_name_plural': 'comments',
                'db_table': 'topics_comment',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CommentReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(max_length=1000, verbose_name='why should the organizers look at it?')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='comments.comment')),
                ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comment_reports', to=settings.AUTH_USER_MODEL)),
                ('resolved_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'comment report',
                'verbose_name_plural': 'comment reports',
                'db_table': 'topics_commentreport',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CommentUseful',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('comment', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='useful_marks', to='comments.comment')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'topics_commentuseful',
            },
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['topic', 'created_at'], name='topics_comm_topic_i_459944_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('notices_pending', True)), fields=['id'], name='comment_notices_pending'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.UniqueConstraint(fields=('topic', 'conversation_number'), name='comment_conversation_number'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('conversation_number__isnull', False), ('parent__isnull', True)), models.Q(('conversation_number__isnull', True), ('parent__isnull', False)), _connector='OR'), name='comment_numbered_if_it_starts_a_conversation'),
        ),
        migrations.AddConstraint(
            model_name='commentreport',
            constraint=models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('comment', 'reporter'), name='comment_report_one_open_per_member'),
        ),
        migrations.AddConstraint(
            model_name='commentuseful',
            constraint=models.UniqueConstraint(fields=('comment', 'member'), name='comment_useful_once'),
        ),
            ],
        ),
        migrations.RunPython(content_types_move, migrations.RunPython.noop),
    ]
