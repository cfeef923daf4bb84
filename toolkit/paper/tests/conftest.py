"""The workshop tests' small area (both kinds of question, facilitators on both sides)."""

from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.workshops.tests.conftest import (  # noqa: F401
    answer,
    area,
    both_round,
    council_facilitator,
    participant,
    relationships,
    vcs_facilitator,
)
