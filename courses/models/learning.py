"""Learning records: enrolments, progress, cohorts, attendance, mentoring and feedback."""

__all__: list[str] = []
