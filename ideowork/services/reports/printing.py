"""How the unit prints its documents: sealed (加盖印章) and double-sided (双面印刷).

Kept as a setting and written into each new draft's header as 盖章：是 / 双面印刷：是, where the
user sees and may change it for one document. A sealed document's 署名 block leaves room for the
seal (GB/T 9704 7.3.5.1); double-sided, the 版记 goes on an even page (封四) with a blank page
before it where needed, neither numbered (7.5). Forms and ledgers (文种：台账/表格/登记表) are not
sealed by this setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from ideowork.documents.markup import MarkupError, parse_markup, with_header_field

PRINTING_KEY = "documents.printing"


@dataclass(frozen=True)
class PrintingOptions:
    sealed: bool = True  # 公文 issued under the unit's seal (the usual case)
    double_sided: bool = False

    @classmethod
    def from_json(cls, value: dict[str, object]) -> PrintingOptions:
        return cls(
            sealed=bool(value.get("sealed", True)),
            double_sided=bool(value.get("double_sided", False)),
        )

    def to_json(self) -> dict[str, object]:
        return {"sealed": self.sealed, "double_sided": self.double_sided}


def with_printing_fields(markup: str, options: PrintingOptions) -> str:
    """`markup` (a fresh draft) with 盖章 and 双面印刷 header lines as `options` say, where they
    apply: a seal on a 公文 with a 署名 or date, double-sided where there is a 版记. Lines the
    template wrote itself are left as they are."""
    try:
        document = parse_markup(markup)
    except MarkupError:
        return markup  # not a document: the draft shows its mistake as it is
    if options.sealed and not document.is_form and (document.signature or document.date):
        markup = with_header_field(markup, "盖章", "是", replace=False)
    if options.double_sided and not document.imprint.is_empty:
        markup = with_header_field(markup, "双面印刷", "是", replace=False)
    return markup
