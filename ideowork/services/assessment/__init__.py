"""检查考核: the yearly 考核细则, the assessments of offices and leaders against it with their
grades, the 专题督查 and their findings, and 责任追究. `services.assessment` holds one
service of each (`checklist`, `assessments`, `grading`, `inspections`, `accountability`)."""

from __future__ import annotations

from ideowork.services.assessment.accountability import AccountabilityService
from ideowork.services.assessment.assessments import AssessmentService
from ideowork.services.assessment.checklist import ChecklistService
from ideowork.services.assessment.grading import GradingService
from ideowork.services.assessment.inspections import InspectionService
from ideowork.services.runtime import Runtime


class AssessmentModule:
    """The services of 检查考核, one attribute each."""

    def __init__(self, runtime: Runtime) -> None:
        self.checklist = ChecklistService(runtime)
        self.assessments = AssessmentService(runtime)
        self.grading = GradingService(runtime)
        self.inspections = InspectionService(runtime)
        self.accountability = AccountabilityService(runtime)


__all__ = ["AssessmentModule"]
