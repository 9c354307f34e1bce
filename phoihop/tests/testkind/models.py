"""The test kind's own fields, one row per case."""

from django.db import models


class SampleDetails(models.Model):
    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="testkind"
    )
    reference = models.CharField("số tham chiếu", max_length=50)
    category = models.CharField("nhóm", max_length=10, choices=[("a", "Nhóm A"), ("b", "Nhóm B")])
    opened_by = models.CharField(max_length=150, blank=True)  # written by the on-open hook
    decided_on = models.DateField(null=True, blank=True)  # written by the "decide" transition's effect

    def __str__(self) -> str:
        return self.reference
