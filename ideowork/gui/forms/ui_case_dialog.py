# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTimeEdit, QVBoxLayout, QWidget)

class Ui_CaseDialog(object):
    def setupUi(self, CaseDialog):
        if not CaseDialog.objectName():
            CaseDialog.setObjectName(u"CaseDialog")
        CaseDialog.resize(720, 640)
        self.dialogLayout = QVBoxLayout(CaseDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.receiptBox = QGroupBox(CaseDialog)
        self.receiptBox.setObjectName(u"receiptBox")
        self.receiptForm = QFormLayout(self.receiptBox)
        self.receiptForm.setObjectName(u"receiptForm")
        self.receivedLabel = QLabel(self.receiptBox)
        self.receivedLabel.setObjectName(u"receivedLabel")

        self.receiptForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.receivedLabel)

        self.receivedRow = QHBoxLayout()
        self.receivedRow.setObjectName(u"receivedRow")
        self.receivedOn = QDateEdit(self.receiptBox)
        self.receivedOn.setObjectName(u"receivedOn")
        self.receivedOn.setCalendarPopup(True)

        self.receivedRow.addWidget(self.receivedOn)

        self.receivedTime = QTimeEdit(self.receiptBox)
        self.receivedTime.setObjectName(u"receivedTime")

        self.receivedRow.addWidget(self.receivedTime)

        self.noTime = QCheckBox(self.receiptBox)
        self.noTime.setObjectName(u"noTime")

        self.receivedRow.addWidget(self.noTime)

        self.receivedSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.receivedRow.addItem(self.receivedSpacer)


        self.receiptForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.receivedRow)

        self.channelLabel = QLabel(self.receiptBox)
        self.channelLabel.setObjectName(u"channelLabel")

        self.receiptForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.channelLabel)

        self.channel = QComboBox(self.receiptBox)
        self.channel.setObjectName(u"channel")

        self.receiptForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.channel)

        self.caseNoLabel = QLabel(self.receiptBox)
        self.caseNoLabel.setObjectName(u"caseNoLabel")

        self.receiptForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.caseNoLabel)

        self.caseNoRow = QHBoxLayout()
        self.caseNoRow.setObjectName(u"caseNoRow")
        self.caseNo = QLineEdit(self.receiptBox)
        self.caseNo.setObjectName(u"caseNo")

        self.caseNoRow.addWidget(self.caseNo)

        self.suggestCaseNo = QPushButton(self.receiptBox)
        self.suggestCaseNo.setObjectName(u"suggestCaseNo")

        self.caseNoRow.addWidget(self.suggestCaseNo)


        self.receiptForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.caseNoRow)

        self.linkLabel = QLabel(self.receiptBox)
        self.linkLabel.setObjectName(u"linkLabel")

        self.receiptForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.linkLabel)

        self.link = QLineEdit(self.receiptBox)
        self.link.setObjectName(u"link")

        self.receiptForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.link)


        self.dialogLayout.addWidget(self.receiptBox)

        self.personBox = QGroupBox(CaseDialog)
        self.personBox.setObjectName(u"personBox")
        self.personForm = QFormLayout(self.personBox)
        self.personForm.setObjectName(u"personForm")
        self.reporterLabel = QLabel(self.personBox)
        self.reporterLabel.setObjectName(u"reporterLabel")

        self.personForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.reporterLabel)

        self.reporter = QLineEdit(self.personBox)
        self.reporter.setObjectName(u"reporter")

        self.personForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reporter)

        self.phoneLabel = QLabel(self.personBox)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.personForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phone = QLineEdit(self.personBox)
        self.phone.setObjectName(u"phone")

        self.personForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.phone)


        self.dialogLayout.addWidget(self.personBox)

        self.matterBox = QGroupBox(CaseDialog)
        self.matterBox.setObjectName(u"matterBox")
        self.matterForm = QFormLayout(self.matterBox)
        self.matterForm.setObjectName(u"matterForm")
        self.titleLabel = QLabel(self.matterBox)
        self.titleLabel.setObjectName(u"titleLabel")

        self.matterForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.title = QLineEdit(self.matterBox)
        self.title.setObjectName(u"title")

        self.matterForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.title)

        self.contentLabel = QLabel(self.matterBox)
        self.contentLabel.setObjectName(u"contentLabel")

        self.matterForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.contentLabel)

        self.content = QPlainTextEdit(self.matterBox)
        self.content.setObjectName(u"content")
        self.content.setMinimumSize(QSize(0, 110))

        self.matterForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.content)

        self.categoryLabel = QLabel(self.matterBox)
        self.categoryLabel.setObjectName(u"categoryLabel")

        self.matterForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.categoryLabel)

        self.category = QComboBox(self.matterBox)
        self.category.setObjectName(u"category")

        self.matterForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.category)

        self.severityLabel = QLabel(self.matterBox)
        self.severityLabel.setObjectName(u"severityLabel")

        self.matterForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.severityLabel)

        self.severity = QComboBox(self.matterBox)
        self.severity.setObjectName(u"severity")

        self.matterForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.severity)

        self.noteLabel = QLabel(self.matterBox)
        self.noteLabel.setObjectName(u"noteLabel")

        self.matterForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.note = QLineEdit(self.matterBox)
        self.note.setObjectName(u"note")

        self.matterForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.note)


        self.dialogLayout.addWidget(self.matterBox)

        self.message = QLabel(CaseDialog)
        self.message.setObjectName(u"message")
        self.message.setWordWrap(True)

        self.dialogLayout.addWidget(self.message)

        self.buttons = QDialogButtonBox(CaseDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialogLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.receivedLabel.setBuddy(self.receivedOn)
        self.channelLabel.setBuddy(self.channel)
        self.caseNoLabel.setBuddy(self.caseNo)
        self.linkLabel.setBuddy(self.link)
        self.reporterLabel.setBuddy(self.reporter)
        self.phoneLabel.setBuddy(self.phone)
        self.titleLabel.setBuddy(self.title)
        self.contentLabel.setBuddy(self.content)
        self.categoryLabel.setBuddy(self.category)
        self.severityLabel.setBuddy(self.severity)
        self.noteLabel.setBuddy(self.note)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.receivedOn, self.receivedTime)
        QWidget.setTabOrder(self.receivedTime, self.channel)
        QWidget.setTabOrder(self.channel, self.caseNo)
        QWidget.setTabOrder(self.caseNo, self.link)
        QWidget.setTabOrder(self.link, self.reporter)
        QWidget.setTabOrder(self.reporter, self.phone)
        QWidget.setTabOrder(self.phone, self.title)
        QWidget.setTabOrder(self.title, self.content)
        QWidget.setTabOrder(self.content, self.category)
        QWidget.setTabOrder(self.category, self.severity)
        QWidget.setTabOrder(self.severity, self.note)

        self.retranslateUi(CaseDialog)

        QMetaObject.connectSlotsByName(CaseDialog)
    # setupUi

    def retranslateUi(self, CaseDialog):
        CaseDialog.setWindowTitle(QCoreApplication.translate("CaseDialog", u"\u767b\u8bb0\u8206\u60c5\u4e8b\u9879", None))
        self.receiptBox.setTitle(QCoreApplication.translate("CaseDialog", u"\u53d7\u7406", None))
        self.receivedLabel.setText(QCoreApplication.translate("CaseDialog", u"\u53d7\u7406\u65f6\u95f4\uff1a", None))
        self.receivedOn.setDisplayFormat(QCoreApplication.translate("CaseDialog", u"yyyy-MM-dd", None))
        self.receivedTime.setDisplayFormat(QCoreApplication.translate("CaseDialog", u"HH:mm", None))
        self.noTime.setText(QCoreApplication.translate("CaseDialog", u"\u65f6\u95f4\u4e0d\u8be6", None))
        self.channelLabel.setText(QCoreApplication.translate("CaseDialog", u"\u53d7\u7406\u6e20\u9053\uff1a", None))
        self.caseNoLabel.setText(QCoreApplication.translate("CaseDialog", u"\u7f16\u53f7\uff1a", None))
        self.caseNo.setPlaceholderText(QCoreApplication.translate("CaseDialog", u"\u5e73\u53f0\u5de5\u5355\u53f7\u3001\u4fe1\u8bbf\u4ef6\u7f16\u53f7\uff1b\u540c\u4e00\u6e20\u9053\u5185\u4e0d\u80fd\u91cd\u590d", None))
        self.suggestCaseNo.setText(QCoreApplication.translate("CaseDialog", u"\u5efa\u8bae\u7f16\u53f7", None))
        self.linkLabel.setText(QCoreApplication.translate("CaseDialog", u"\u94fe\u63a5\u6216\u6765\u6e90\uff1a", None))
        self.link.setPlaceholderText(QCoreApplication.translate("CaseDialog", u"\u7f51\u7edc\u8206\u60c5\u7684\u7f51\u5740\u3001\u53d1\u5e03\u5e73\u53f0\u6216\u8d26\u53f7\uff1b\u6765\u4fe1\u6765\u8bbf\u53ef\u4e0d\u586b", None))
        self.personBox.setTitle(QCoreApplication.translate("CaseDialog", u"\u53cd\u6620\u4eba\uff08\u4e2a\u4eba\u4fe1\u606f\uff1a\u53f0\u8d26\u5217\u8868\u4e0d\u663e\u793a\uff0c\u6253\u5370\u548c\u5bfc\u51fa\u65f6\u9ed8\u8ba4\u9690\u53bb\uff09", None))
        self.reporterLabel.setText(QCoreApplication.translate("CaseDialog", u"\u59d3\u540d\uff1a", None))
        self.reporter.setPlaceholderText(QCoreApplication.translate("CaseDialog", u"\u533f\u540d\u53ef\u4e0d\u586b", None))
        self.phoneLabel.setText(QCoreApplication.translate("CaseDialog", u"\u8054\u7cfb\u7535\u8bdd\uff1a", None))
        self.matterBox.setTitle(QCoreApplication.translate("CaseDialog", u"\u53cd\u6620\u4e8b\u9879", None))
        self.titleLabel.setText(QCoreApplication.translate("CaseDialog", u"\u4e8b\u9879\uff08\u6458\u8981\uff09\uff1a", None))
        self.title.setPlaceholderText(QCoreApplication.translate("CaseDialog", u"\u4e00\u53e5\u8bdd\u6982\u62ec\uff0c\u5982\uff1a\u53cd\u6620\u67d0\u5c0f\u533a\u591c\u95f4\u65bd\u5de5\u566a\u97f3\u6270\u6c11", None))
        self.contentLabel.setText(QCoreApplication.translate("CaseDialog", u"\u5177\u4f53\u5185\u5bb9\uff1a", None))
        self.categoryLabel.setText(QCoreApplication.translate("CaseDialog", u"\u4e8b\u9879\u5206\u7c7b\uff1a", None))
        self.severityLabel.setText(QCoreApplication.translate("CaseDialog", u"\u4e25\u91cd\u7a0b\u5ea6\uff1a", None))
        self.noteLabel.setText(QCoreApplication.translate("CaseDialog", u"\u5907\u6ce8\uff1a", None))
        self.message.setText("")
    # retranslateUi

