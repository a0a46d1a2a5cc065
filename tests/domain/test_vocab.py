from __future__ import annotations

import pytest

from ideowork.domain.vocab import CaseStatus, Channel, FindingStatus, StudyKind


def test_equal_codes_in_different_enums_keep_their_own_labels() -> None:
    assert CaseStatus.CLOSED.label == "已办结"
    assert FindingStatus.CLOSED.label == "已整改"
    assert Channel.OTHER.label == StudyKind.OTHER.label == "其他"


def test_every_member_has_a_label() -> None:
    from ideowork.domain import vocab

    for enum_class in vocab.LabelledEnum.__subclasses__():
        for member in enum_class:
            assert member.label


def test_from_label_accepts_label_or_code_and_lists_choices() -> None:
    assert Channel.from_label("12345") is Channel.HOTLINE_12345
    assert Channel.from_label("mayor_mailbox") is Channel.MAYOR_MAILBOX
    with pytest.raises(ValueError, match="可选：网络舆情、12345"):
        Channel.from_label("微博")
