"""Controls that change a module the logged-in account may not change: disabled, with a tooltip
saying why and whom to ask.

Only a courtesy: the services refuse such a change anyway (permissions guards every write).
Pages enable their buttons as rows are selected; a restricted control stays disabled whatever
its page does later (an event filter on a widget, the `changed` signal of an action)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ideowork.services.context import Services
from ideowork.services.system.permissions import why_not

_PROPERTY = "ideowork_restricted"


class _KeepDisabled(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)
        return False


def _keep_action_disabled(action: QAction) -> None:
    if action.isEnabled():
        action.setEnabled(False)


def restrict(services: Services, module: str, *controls: QWidget | QAction) -> bool:
    """Disable `controls` for good where the account may not change `module`; whether they
    stay usable."""
    reason = why_not(services.actor, module)
    if not reason:
        return True
    for control in controls:
        control.setEnabled(False)
        control.setToolTip(reason)
        control.setProperty(_PROPERTY, module)
        if isinstance(control, QAction):
            control.changed.connect(lambda action=control: _keep_action_disabled(action))
        else:
            keeper = _KeepDisabled(control)  # parented: lives as long as the control
            control.installEventFilter(keeper)
    return False


def restricted(control: QWidget | QAction) -> str:
    """The module a control was restricted for ("" if none)."""
    value = control.property(_PROPERTY)
    return str(value) if value else ""
