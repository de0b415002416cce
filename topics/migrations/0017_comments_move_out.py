"""Comments move to their own app (comments/): the models leave this app's state,
their tables and rows stay where they are (comments 0001 takes them on)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0016_notifications_move_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='commentuseful',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='commentreport',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='commentreport',
                    name='reporter',
                ),
                migrations.RemoveField(
                    model_name='commentreport',
                    name='resolved_by',
                ),
                migrations.RemoveField(
                    model_name='commentuseful',
                    name='member',
                ),
                migrations.RemoveField(
                    model_name='topicthread',
                    name='topic',
                ),
                migrations.DeleteModel(
                    name='Comment',
                ),
                migrations.DeleteModel(
                    name='CommentReport',
                ),
                migrations.DeleteModel(
                    name='CommentUseful',
                ),
                migrations.DeleteModel(
                    name='TopicThread',
                ),
            ],
            database_operations=[],
        ),
    ]
