from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0002_job"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [("reset_password", "Can set a one-time password for a user")],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
        migrations.AddField(
            model_name="user",
            name="must_change_password",
            field=models.BooleanField(default=False, verbose_name="must change password"),
        ),
        migrations.AddField(
            model_name="user",
            name="one_time_password_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="one-time password set"),
        ),
    ]
