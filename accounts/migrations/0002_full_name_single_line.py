import accounts.validators
from django.db import migrations, models


def names_put_on_one_line(apps, schema_editor):
    """Names stored before the rule: a line break in one stopped that member's mails."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(full_name__regex=r"[\x01-\x1f\x7f-\x9f\u2028\u2029]"):
        user.full_name = accounts.validators.single_line_clean(user.full_name)
        user.save(update_fields=["full_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="full_name",
            field=models.CharField(
                max_length=150,
                validators=[accounts.validators.SingleLineValidator()],
                verbose_name="full name",
            ),
        ),
        migrations.RunPython(names_put_on_one_line, migrations.RunPython.noop),
    ]
