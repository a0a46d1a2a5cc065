# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_action_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.9.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_CaseActionDialog(object):
    def setupUi(self, CaseActionDialog):
        if not CaseActionDialog.objectName():
            CaseActionDialog.setObjectName(u"CaseActionDialog")
        CaseActionDialog.resize(560, 420)
        self.dialogLayout = QVBoxLayout(CaseActionDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.caseTitle = QLabel(CaseActionDialog)
        self.caseTitle.setObjectName(u"caseTitle")
        self.caseTitle.setWordWrap(True)

        self.dialogLayout.addWidget(self.caseTitle)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.dayLabel = QLabel(CaseActionDialog)
        self.dayLabel.setObjectName(u"dayLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.dayLabel)

        self.day = QDateEdit(CaseActionDialog)
        self.day.setObjectName(u"day")
        self.day.setCalendarPopup(True)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.day)

        self.officeLabel = QLabel(CaseActionDialog)
        self.officeLabel.setObjectName(u"officeLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.officeLabel)

        self.office = QComboBox(CaseActionDialog)
        self.office.setObjectName(u"office")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.office)

        self.handlerLabel = QLabel(CaseActionDialog)
        self.handlerLabel.setObjectName(u"handlerLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.handlerLabel)

        self.handler = QComboBox(CaseActionDialog)
        self.handler.setObjectName(u"handler")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.handler)

        self.replyDeadlineLabel = QLabel(CaseActionDialog)
        self.replyDeadlineLabel.setObjectName(u"replyDeadlineLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.replyDeadlineLabel)

        self.replyDeadline = QDateEdit(CaseActionDialog)
        self.replyDeadline.setObjectName(u"replyDeadline")
        self.replyDeadline.setCalendarPopup(True)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.replyDeadline)

        self.deadlineLabel = QLabel(CaseActionDialog)
        self.deadlineLabel.setObjectName(u"deadlineLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.deadlineLabel)

        self.deadlineRow = QHBoxLayout()
        self.deadlineRow.setObjectName(u"deadlineRow")
        self.deadline = QDateEdit(CaseActionDialog)
        self.deadline.setObjectName(u"deadline")
        self.deadline.setCalendarPopup(True)

        self.deadlineRow.addWidget(self.deadline)

        self.deadlineHint = QLabel(CaseActionDialog)
        self.deadlineHint.setObjectName(u"deadlineHint")

        self.deadlineRow.addWidget(self.deadlineHint)

        self.deadlineSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.deadlineRow.addItem(self.deadlineSpacer)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.deadlineRow)

        self.satisfactionLabel = QLabel(CaseActionDialog)
        self.satisfactionLabel.setObjectName(u"satisfactionLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.satisfactionLabel)

        self.satisfaction = QComboBox(CaseActionDialog)
        self.satisfaction.setObjectName(u"satisfaction")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.satisfaction)

        self.reportedToLabel = QLabel(CaseActionDialog)
        self.reportedToLabel.setObjectName(u"reportedToLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.reportedToLabel)

        self.reportedTo = QLineEdit(CaseActionDialog)
        self.reportedTo.setObjectName(u"reportedTo")

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.reportedTo)

        self.textLabel = QLabel(CaseActionDialog)
        self.textLabel.setObjectName(u"textLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.textLabel)

        self.text = QPlainTextEdit(CaseActionDialog)
        self.text.setObjectName(u"text")
        self.text.setMinimumSize(QSize(0, 120))

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.text)


        self.dialogLayout.addLayout(self.form)

        self.message = QLabel(CaseActionDialog)
        self.message.setObjectName(u"message")
        self.message.setWordWrap(True)

        self.dialogLayout.addWidget(self.message)

        self.buttons = QDialogButtonBox(CaseActionDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.dayLabel.setBuddy(self.day)
        self.officeLabel.setBuddy(self.office)
        self.handlerLabel.setBuddy(self.handler)
        self.replyDeadlineLabel.setBuddy(self.replyDeadline)
        self.deadlineLabel.setBuddy(self.deadline)
        self.satisfactionLabel.setBuddy(self.satisfaction)
        self.reportedToLabel.setBuddy(self.reportedTo)
        self.textLabel.setBuddy(self.text)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CaseActionDialog)

        QMetaObject.connectSlotsByName(CaseActionDialog)
    # setupUi

    def retranslateUi(self, CaseActionDialog):
        CaseActionDialog.setWindowTitle(QCoreApplication.translate("CaseActionDialog", u"\u5904\u7406\u8206\u60c5\u4e8b\u9879", None))
        self.caseTitle.setText("")
        self.dayLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u65e5\u671f\uff1a", None))
        self.day.setDisplayFormat(QCoreApplication.translate("CaseActionDialog", u"yyyy-MM-dd", None))
        self.officeLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u627f\u529e\u80a1\u5ba4\uff1a", None))
        self.handlerLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u627f\u529e\u4eba\uff1a", None))
        self.replyDeadlineLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u9996\u6b21\u7b54\u590d\u65f6\u9650\uff1a", None))
        self.replyDeadline.setDisplayFormat(QCoreApplication.translate("CaseActionDialog", u"yyyy-MM-dd", None))
        self.deadlineLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u529e\u7406\u65f6\u9650\uff1a", None))
        self.deadline.setDisplayFormat(QCoreApplication.translate("CaseActionDialog", u"yyyy-MM-dd", None))
        self.deadlineHint.setText("")
        self.satisfactionLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u56de\u8bbf\u7ed3\u679c\uff1a", None))
        self.reportedToLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u62a5\u544a\u5bf9\u8c61\uff1a", None))
        self.reportedTo.setPlaceholderText(QCoreApplication.translate("CaseActionDialog", u"\u5982\uff1a\u53bf\u59d4\u5ba3\u4f20\u90e8\u3001\u53bf\u59d4\u7f51\u4fe1\u529e", None))
        self.textLabel.setText(QCoreApplication.translate("CaseActionDialog", u"\u8bf4\u660e\uff1a", None))
        self.message.setText("")
    # retranslateUi

