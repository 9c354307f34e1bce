"""Case teams (the lead officer and assigned officers) and the owner's sharing of a request with the case's
co-handling agencies. Every existing case's lead officer becomes the lead of its team."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def leads_join_their_teams(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseTeamMember = apps.get_model("cases", "CaseTeamMember")
    rows = [
        CaseTeamMember(case_id=case_id, user_id=user_id, role="lead")
        for case_id, user_id in Case.objects.filter(lead_officer__isnull=False).values_list("pk", "lead_officer_id")
    ]
    CaseTeamMember.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_deadline_clock_legacy_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinationrequest',
            name='shared_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='chia sẻ với cơ quan cùng xử lý lúc'),
        ),
        migrations.AddField(
            model_name='coordinationrequest',
            name='shared_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name='CaseTeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead', 'Chủ trì'), ('member', 'Thành viên')], default='member', max_length=10, verbose_name='vai trò trong tổ')),
                ('added_at', models.DateTimeField(auto_now_add=True)),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team', to='cases.case')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='case_teams', to=settings.AUTH_USER_MODEL, verbose_name='cán bộ')),
            ],
            options={
                'verbose_name': 'thành viên tổ xử lý hồ sơ',
                'verbose_name_plural': 'tổ xử lý hồ sơ',
                'indexes': [models.Index(fields=['user', 'case'], name='case_team_user_idx')],
                'constraints': [models.UniqueConstraint(fields=('case', 'user'), name='case_team_once')],
            },
        ),
        migrations.RunPython(leads_join_their_teams, migrations.RunPython.noop),
    ]
