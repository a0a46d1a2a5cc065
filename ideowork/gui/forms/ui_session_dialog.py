# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'session_dialog.ui'
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
    QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem,
    QTimeEdit, QVBoxLayout, QWidget)

class Ui_SessionDialog(object):
    def setupUi(self, SessionDialog):
        if not SessionDialog.objectName():
            SessionDialog.setObjectName(u"SessionDialog")
        SessionDialog.resize(980, 660)
        self.dialogLayout = QVBoxLayout(SessionDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.columns = QHBoxLayout()
        self.columns.setObjectName(u"columns")
        self.sessionBox = QGroupBox(SessionDialog)
        self.sessionBox.setObjectName(u"sessionBox")
        self.sessionForm = QFormLayout(self.sessionBox)
        self.sessionForm.setObjectName(u"sessionForm")
        self.heldOnLabel = QLabel(self.sessionBox)
        self.heldOnLabel.setObjectName(u"heldOnLabel")

        self.sessionForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.heldOnLabel)

        self.whenRow = QHBoxLayout()
        self.whenRow.setObjectName(u"whenRow")
        self.heldOn = QDateEdit(self.sessionBox)
        self.heldOn.setObjectName(u"heldOn")
        self.heldOn.setCalendarPopup(True)

        self.whenRow.addWidget(self.heldOn)

        self.startTime = QTimeEdit(self.sessionBox)
        self.startTime.setObjectName(u"startTime")

        self.whenRow.addWidget(self.startTime)

        self.toLabel = QLabel(self.sessionBox)
        self.toLabel.setObjectName(u"toLabel")

        self.whenRow.addWidget(self.toLabel)

        self.endTime = QTimeEdit(self.sessionBox)
        self.endTime.setObjectName(u"endTime")

        self.whenRow.addWidget(self.endTime)

        self.noTime = QCheckBox(self.sessionBox)
        self.noTime.setObjectName(u"noTime")

        self.whenRow.addWidget(self.noTime)


        self.sessionForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.whenRow)

        self.kindLabel = QLabel(self.sessionBox)
        self.kindLabel.setObjectName(u"kindLabel")

        self.sessionForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kind = QComboBox(self.sessionBox)
        self.kind.setObjectName(u"kind")

        self.sessionForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kind)

        self.meetingNameLabel = QLabel(self.sessionBox)
        self.meetingNameLabel.setObjectName(u"meetingNameLabel")

        self.sessionForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.meetingNameLabel)

        self.meetingName = QLineEdit(self.sessionBox)
        self.meetingName.setObjectName(u"meetingName")

        self.sessionForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.meetingName)

        self.topicLabel = QLabel(self.sessionBox)
        self.topicLabel.setObjectName(u"topicLabel")

        self.sessionForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.topicLabel)

        self.topic = QPlainTextEdit(self.sessionBox)
        self.topic.setObjectName(u"topic")
        self.topic.setMaximumSize(QSize(16777215, 80))

        self.sessionForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.topic)

        self.flagsLabel = QLabel(self.sessionBox)
        self.flagsLabel.setObjectName(u"flagsLabel")

        self.sessionForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.flagsLabel)

        self.flagsRow = QHBoxLayout()
        self.flagsRow.setObjectName(u"flagsRow")
        self.ideology = QCheckBox(self.sessionBox)
        self.ideology.setObjectName(u"ideology")

        self.flagsRow.addWidget(self.ideology)

        self.countsTowardQuota = QCheckBox(self.sessionBox)
        self.countsTowardQuota.setObjectName(u"countsTowardQuota")
        self.countsTowardQuota.setChecked(True)

        self.flagsRow.addWidget(self.countsTowardQuota)

        self.flagsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.flagsRow.addItem(self.flagsSpacer)


        self.sessionForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.flagsRow)

        self.hostLabel = QLabel(self.sessionBox)
        self.hostLabel.setObjectName(u"hostLabel")

        self.sessionForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.hostLabel)

        self.host = QComboBox(self.sessionBox)
        self.host.setObjectName(u"host")

        self.sessionForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.host)

        self.lecturerLabel = QLabel(self.sessionBox)
        self.lecturerLabel.setObjectName(u"lecturerLabel")

        self.sessionForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.lecturerLabel)

        self.lecturer = QLineEdit(self.sessionBox)
        self.lecturer.setObjectName(u"lecturer")

        self.sessionForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.lecturer)

        self.locationLabel = QLabel(self.sessionBox)
        self.locationLabel.setObjectName(u"locationLabel")

        self.sessionForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.locationLabel)

        self.location = QLineEdit(self.sessionBox)
        self.location.setObjectName(u"location")

        self.sessionForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.location)

        self.hoursLabel = QLabel(self.sessionBox)
        self.hoursLabel.setObjectName(u"hoursLabel")

        self.sessionForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.hoursLabel)

        self.hours = QDoubleSpinBox(self.sessionBox)
        self.hours.setObjectName(u"hours")
        self.hours.setDecimals(1)
        self.hours.setMaximum(24.000000000000000)
        self.hours.setSingleStep(0.500000000000000)

        self.sessionForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.hours)

        self.statusLabel = QLabel(self.sessionBox)
        self.statusLabel.setObjectName(u"statusLabel")

        self.sessionForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.status = QComboBox(self.sessionBox)
        self.status.setObjectName(u"status")

        self.sessionForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.status)

        self.materialsLabel = QLabel(self.sessionBox)
        self.materialsLabel.setObjectName(u"materialsLabel")

        self.sessionForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.materialsLabel)

        self.materials = QLineEdit(self.sessionBox)
        self.materials.setObjectName(u"materials")

        self.sessionForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.materials)

        self.noteLabel = QLabel(self.sessionBox)
        self.noteLabel.setObjectName(u"noteLabel")

        self.sessionForm.setWidget(11, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.note = QLineEdit(self.sessionBox)
        self.note.setObjectName(u"note")

        self.sessionForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.note)


        self.columns.addWidget(self.sessionBox)

        self.attendanceBox = QGroupBox(SessionDialog)
        self.attendanceBox.setObjectName(u"attendanceBox")
        self.attendanceLayout = QVBoxLayout(self.attendanceBox)
        self.attendanceLayout.setObjectName(u"attendanceLayout")
        self.attendance = QTableWidget(self.attendanceBox)
        self.attendance.setObjectName(u"attendance")
        self.attendance.setColumnCount(3)

        self.attendanceLayout.addWidget(self.attendance)

        self.attendanceRow = QHBoxLayout()
        self.attendanceRow.setObjectName(u"attendanceRow")
        self.attendanceCount = QLabel(self.attendanceBox)
        self.attendanceCount.setObjectName(u"attendanceCount")

        self.attendanceRow.addWidget(self.attendanceCount)

        self.attendanceSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.attendanceRow.addItem(self.attendanceSpacer)

        self.allPresent = QPushButton(self.attendanceBox)
        self.allPresent.setObjectName(u"allPresent")

        self.attendanceRow.addWidget(self.allPresent)


        self.attendanceLayout.addLayout(self.attendanceRow)


        self.columns.addWidget(self.attendanceBox)


        self.dialogLayout.addLayout(self.columns)

        self.message = QLabel(SessionDialog)
        self.message.setObjectName(u"message")
        self.message.setWordWrap(True)

        self.dialogLayout.addWidget(self.message)

        self.buttons = QDialogButtonBox(SessionDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialogLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.heldOnLabel.setBuddy(self.heldOn)
        self.kindLabel.setBuddy(self.kind)
        self.meetingNameLabel.setBuddy(self.meetingName)
        self.topicLabel.setBuddy(self.topic)
        self.hostLabel.setBuddy(self.host)
        self.lecturerLabel.setBuddy(self.lecturer)
        self.locationLabel.setBuddy(self.location)
        self.hoursLabel.setBuddy(self.hours)
        self.statusLabel.setBuddy(self.status)
        self.materialsLabel.setBuddy(self.materials)
        self.noteLabel.setBuddy(self.note)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.heldOn, self.startTime)
        QWidget.setTabOrder(self.startTime, self.endTime)
        QWidget.setTabOrder(self.endTime, self.kind)
        QWidget.setTabOrder(self.kind, self.meetingName)
        QWidget.setTabOrder(self.meetingName, self.topic)
        QWidget.setTabOrder(self.topic, self.ideology)
        QWidget.setTabOrder(self.ideology, self.countsTowardQuota)
        QWidget.setTabOrder(self.countsTowardQuota, self.host)
        QWidget.setTabOrder(self.host, self.lecturer)
        QWidget.setTabOrder(self.lecturer, self.location)
        QWidget.setTabOrder(self.location, self.hours)
        QWidget.setTabOrder(self.hours, self.status)
        QWidget.setTabOrder(self.status, self.materials)
        QWidget.setTabOrder(self.materials, self.note)
        QWidget.setTabOrder(self.note, self.attendance)

        self.retranslateUi(SessionDialog)

        QMetaObject.connectSlotsByName(SessionDialog)
    # setupUi

    def retranslateUi(self, SessionDialog):
        SessionDialog.setWindowTitle(QCoreApplication.translate("SessionDialog", u"\u5b66\u4e60\u6d3b\u52a8", None))
        self.sessionBox.setTitle(QCoreApplication.translate("SessionDialog", u"\u6d3b\u52a8", None))
        self.heldOnLabel.setText(QCoreApplication.translate("SessionDialog", u"\u65e5\u671f\uff1a", None))
        self.heldOn.setDisplayFormat(QCoreApplication.translate("SessionDialog", u"yyyy-MM-dd", None))
        self.startTime.setDisplayFormat(QCoreApplication.translate("SessionDialog", u"HH:mm", None))
        self.toLabel.setText(QCoreApplication.translate("SessionDialog", u"\u81f3", None))
        self.endTime.setDisplayFormat(QCoreApplication.translate("SessionDialog", u"HH:mm", None))
        self.noTime.setText(QCoreApplication.translate("SessionDialog", u"\u65f6\u95f4\u4e0d\u8be6", None))
        self.kindLabel.setText(QCoreApplication.translate("SessionDialog", u"\u7c7b\u522b\uff1a", None))
        self.meetingNameLabel.setText(QCoreApplication.translate("SessionDialog", u"\u4f1a\u8bae\u540d\u79f0\uff1a", None))
        self.meetingName.setPlaceholderText(QCoreApplication.translate("SessionDialog", u"\u5982\uff1a\u515a\u59d4\u6269\u5927\u4f1a\u8bae\u3001\u5e72\u90e8\u804c\u5de5\u5927\u4f1a", None))
        self.topicLabel.setText(QCoreApplication.translate("SessionDialog", u"\u5b66\u4e60\u5185\u5bb9\uff1a", None))
        self.topic.setPlaceholderText(QCoreApplication.translate("SessionDialog", u"\u5b66\u4e60\u4e3b\u9898\u6216\u4f1a\u8bae\u8bae\u9898", None))
        self.flagsLabel.setText("")
        self.ideology.setText(QCoreApplication.translate("SessionDialog", u"\u610f\u8bc6\u5f62\u6001\u76f8\u5173", None))
        self.countsTowardQuota.setText(QCoreApplication.translate("SessionDialog", u"\u8ba1\u5165\u4efb\u52a1\u6307\u6807", None))
        self.hostLabel.setText(QCoreApplication.translate("SessionDialog", u"\u4e3b\u6301\u4eba\uff1a", None))
        self.lecturerLabel.setText(QCoreApplication.translate("SessionDialog", u"\u4e3b\u8bb2\u4eba\uff1a", None))
        self.lecturer.setPlaceholderText(QCoreApplication.translate("SessionDialog", u"\u9886\u5b66\u3001\u5ba3\u8bb2\u6216\u6388\u8bfe\u7684\u4eba", None))
        self.locationLabel.setText(QCoreApplication.translate("SessionDialog", u"\u5730\u70b9\uff1a", None))
        self.location.setPlaceholderText(QCoreApplication.translate("SessionDialog", u"\u5982\uff1a\u4e09\u697c\u4f1a\u8bae\u5ba4", None))
        self.hoursLabel.setText(QCoreApplication.translate("SessionDialog", u"\u5b66\u65f6\uff1a", None))
        self.statusLabel.setText(QCoreApplication.translate("SessionDialog", u"\u72b6\u6001\uff1a", None))
        self.materialsLabel.setText(QCoreApplication.translate("SessionDialog", u"\u5b66\u4e60\u6750\u6599\uff1a", None))
        self.noteLabel.setText(QCoreApplication.translate("SessionDialog", u"\u5907\u6ce8\uff1a", None))
        self.attendanceBox.setTitle(QCoreApplication.translate("SessionDialog", u"\u53c2\u52a0\u4eba\u5458\uff08\u9ed8\u8ba4\u5168\u90e8\u51fa\u5e2d\uff0c\u7f3a\u5e2d\u7684\u53d6\u6d88\u52fe\u9009\u5e76\u9009\u62e9\u539f\u56e0\uff09", None))
        self.attendanceCount.setText("")
        self.allPresent.setText(QCoreApplication.translate("SessionDialog", u"\u5168\u90e8\u51fa\u5e2d", None))
        self.message.setText("")
    # retranslateUi

