"""Step 2 of the strategic tool: respondents rate the area's relationships on the research's
four axes, within a round (toolkit.rounds).

- ``RoundRelationship``: the relationships a facilitator chose for a round.
- ``MappingAnswer``: one per response, once the respondent has said which relationships they
  know (or that they know none of them).
- ``Rating``: one per relationship the respondent knows: each axis is 1–5, 0 for "I don't
  know", or empty while not yet answered; the scales it works at; an optional comment, shown
  in the results only if the respondent agreed to share it (``share_comment``; comments
  written before the question was asked count as not shared, as the start page promised).

Ratings hang off ``rounds.Response``, so they inherit its privacy rules: no timestamps, no
user in anonymous rounds, deleted with the response if it is never sent."""

from django.db import models

AXES = ("strategic", "proactive", "financial", "time")
# The framework's mapping axis id for each rating field.
AXIS_SLUGS = {
    "strategic": "strategic-transactional",
    "proactive": "proactive-reactive",
    "financial": "financial-investment",
    "time": "time-investment",
}
DONT_KNOW = 0


class RoundRelationship(models.Model):
    round = models.ForeignKey(
        "rounds.Round", on_delete=models.CASCADE, related_name="mapping_relationships"
    )
    relationship = models.ForeignKey(
        "register.Relationship", on_delete=models.CASCADE, related_name="mapping_rounds"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "relationship"], name="mapping_relationship_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.relationship} in {self.round}"


class MappingAnswer(models.Model):
    response = models.OneToOneField(
        "rounds.Response", on_delete=models.CASCADE, related_name="mapping"
    )
    knows_none = models.BooleanField(default=False)

    def __str__(self):
        return f"Mapping answers of {self.response}"


def _axis_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class Rating(models.Model):
    response = models.ForeignKey(
        "rounds.Response", on_delete=models.CASCADE, related_name="ratings"
    )
    relationship = models.ForeignKey(
        "register.Relationship", on_delete=models.CASCADE, related_name="ratings"
    )
    strategic = _axis_field("strategic or transactional")
    proactive = _axis_field("proactive or reactive")
    financial = _axis_field("financial investment")
    time = _axis_field("time investment")
    scales = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)
    share_comment = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "relationship"], name="rating_once_per_response"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{axis}__lte": 5}), name=f"rating_{axis}_at_most_5"
                )
                for axis in AXES
            ],
        ]

    def __str__(self):
        return f"Rating of {self.relationship}"

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, axis) is not None for axis in AXES)
