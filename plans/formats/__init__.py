"""Every download format of a person's support plan, made from one ``PlanDocument``."""

from plans.formats.braille import plan_brf
from plans.formats.pdf import plan_html, plan_pdf
from plans.formats.text import plan_text

__all__ = ["plan_brf", "plan_html", "plan_pdf", "plan_text"]
