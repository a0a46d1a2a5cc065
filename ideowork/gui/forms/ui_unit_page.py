# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'unit_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSplitter, QTableView, QVBoxLayout, QWidget)

class Ui_UnitPage(object):
    def setupUi(self, UnitPage):
        if not UnitPage.objectName():
            UnitPage.setObjectName(u"UnitPage")
        self.pageLayout = QHBoxLayout(UnitPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.unitBox = QGroupBox(UnitPage)
        self.unitBox.setObjectName(u"unitBox")
        self.unitBox.setMaximumSize(QSize(460, 16777215))
        self.unitBoxLayout = QVBoxLayout(self.unitBox)
        self.unitBoxLayout.setObjectName(u"unitBoxLayout")
        self.unitForm = QFormLayout()
        self.unitForm.setObjectName(u"unitForm")
        self.fullNameLabel = QLabel(self.unitBox)
        self.fullNameLabel.setObjectName(u"fullNameLabel")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.fullNameLabel)

        self.fullName = QLineEdit(self.unitBox)
        self.fullName.setObjectName(u"fullName")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.fullName)

        self.shortNameLabel = QLabel(self.unitBox)
        self.shortNameLabel.setObjectName(u"shortNameLabel")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.shortNameLabel)

        self.shortName = QLineEdit(self.unitBox)
        self.shortName.setObjectName(u"shortName")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.shortName)

        self.organKindLabel = QLabel(self.unitBox)
        self.organKindLabel.setObjectName(u"organKindLabel")

        self.unitForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.organKindLabel)

        self.organKind = QComboBox(self.unitBox)
        self.organKind.setObjectName(u"organKind")
        self.organKind.setEditable(True)

        self.unitForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.organKind)

        self.issuerMarkLabel = QLabel(self.unitBox)
        self.issuerMarkLabel.setObjectName(u"issuerMarkLabel")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.issuerMarkLabel)

        self.issuerMark = QLineEdit(self.unitBox)
        self.issuerMark.setObjectName(u"issuerMark")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.issuerMark)

        self.docPrefixLabel = QLabel(self.unitBox)
        self.docPrefixLabel.setObjectName(u"docPrefixLabel")

        self.unitForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.docPrefixLabel)

        self.docPrefix = QLineEdit(self.unitBox)
        self.docPrefix.setObjectName(u"docPrefix")

        self.unitForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.docPrefix)

        self.superiorCommitteeLabel = QLabel(self.unitBox)
        self.superiorCommitteeLabel.setObjectName(u"superiorCommitteeLabel")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.superiorCommitteeLabel)

        self.superiorCommittee = QLineEdit(self.unitBox)
        self.superiorCommittee.setObjectName(u"superiorCommittee")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.superiorCommittee)

        self.propagandaDeptLabel = QLabel(self.unitBox)
        self.propagandaDeptLabel.setObjectName(u"propagandaDeptLabel")

        self.unitForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.propagandaDeptLabel)

        self.propagandaDept = QLineEdit(self.unitBox)
        self.propagandaDept.setObjectName(u"propagandaDept")

        self.unitForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.propagandaDept)

        self.signatureLabel = QLabel(self.unitBox)
        self.signatureLabel.setObjectName(u"signatureLabel")

        self.unitForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.signatureLabel)

        self.signature = QLineEdit(self.unitBox)
        self.signature.setObjectName(u"signature")

        self.unitForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.signature)

        self.printingOfficeLabel = QLabel(self.unitBox)
        self.printingOfficeLabel.setObjectName(u"printingOfficeLabel")

        self.unitForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.printingOfficeLabel)

        self.printingOffice = QLineEdit(self.unitBox)
        self.printingOffice.setObjectName(u"printingOffice")

        self.unitForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.printingOffice)


        self.unitBoxLayout.addLayout(self.unitForm)

        self.unitMessage = QLabel(self.unitBox)
        self.unitMessage.setObjectName(u"unitMessage")
        self.unitMessage.setWordWrap(True)

        self.unitBoxLayout.addWidget(self.unitMessage)

        self.unitButtons = QHBoxLayout()
        self.unitButtons.setObjectName(u"unitButtons")
        self.unitSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.unitButtons.addItem(self.unitSpacer)

        self.unitRevert = QPushButton(self.unitBox)
        self.unitRevert.setObjectName(u"unitRevert")

        self.unitButtons.addWidget(self.unitRevert)

        self.unitSave = QPushButton(self.unitBox)
        self.unitSave.setObjectName(u"unitSave")

        self.unitButtons.addWidget(self.unitSave)


        self.unitBoxLayout.addLayout(self.unitButtons)

        self.unitVSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.unitBoxLayout.addItem(self.unitVSpacer)


        self.pageLayout.addWidget(self.unitBox)

        self.listsSplitter = QSplitter(UnitPage)
        self.listsSplitter.setObjectName(u"listsSplitter")
        self.listsSplitter.setOrientation(Qt.Orientation.Vertical)
        self.peopleBox = QGroupBox(self.listsSplitter)
        self.peopleBox.setObjectName(u"peopleBox")
        self.peopleLayout = QVBoxLayout(self.peopleBox)
        self.peopleLayout.setObjectName(u"peopleLayout")
        self.peopleTable = QTableView(self.peopleBox)
        self.peopleTable.setObjectName(u"peopleTable")
        self.peopleTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.peopleTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.peopleTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.peopleLayout.addWidget(self.peopleTable)

        self.peopleButtons = QHBoxLayout()
        self.peopleButtons.setObjectName(u"peopleButtons")
        self.peopleAdd = QPushButton(self.peopleBox)
        self.peopleAdd.setObjectName(u"peopleAdd")

        self.peopleButtons.addWidget(self.peopleAdd)

        self.peopleEdit = QPushButton(self.peopleBox)
        self.peopleEdit.setObjectName(u"peopleEdit")

        self.peopleButtons.addWidget(self.peopleEdit)

        self.peopleDelete = QPushButton(self.peopleBox)
        self.peopleDelete.setObjectName(u"peopleDelete")

        self.peopleButtons.addWidget(self.peopleDelete)

        self.peopleSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.peopleButtons.addItem(self.peopleSpacer)


        self.peopleLayout.addLayout(self.peopleButtons)

        self.listsSplitter.addWidget(self.peopleBox)
        self.officesBox = QGroupBox(self.listsSplitter)
        self.officesBox.setObjectName(u"officesBox")
        self.officesLayout = QVBoxLayout(self.officesBox)
        self.officesLayout.setObjectName(u"officesLayout")
        self.officesTable = QTableView(self.officesBox)
        self.officesTable.setObjectName(u"officesTable")
        self.officesTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.officesTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.officesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.officesLayout.addWidget(self.officesTable)

        self.officesButtons = QHBoxLayout()
        self.officesButtons.setObjectName(u"officesButtons")
        self.officesAdd = QPushButton(self.officesBox)
        self.officesAdd.setObjectName(u"officesAdd")

        self.officesButtons.addWidget(self.officesAdd)

        self.officesEdit = QPushButton(self.officesBox)
        self.officesEdit.setObjectName(u"officesEdit")

        self.officesButtons.addWidget(self.officesEdit)

        self.officesDelete = QPushButton(self.officesBox)
        self.officesDelete.setObjectName(u"officesDelete")

        self.officesButtons.addWidget(self.officesDelete)

        self.officesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.officesButtons.addItem(self.officesSpacer)


        self.officesLayout.addLayout(self.officesButtons)

        self.listsSplitter.addWidget(self.officesBox)

        self.pageLayout.addWidget(self.listsSplitter)

#if QT_CONFIG(shortcut)
        self.fullNameLabel.setBuddy(self.fullName)
        self.shortNameLabel.setBuddy(self.shortName)
        self.organKindLabel.setBuddy(self.organKind)
        self.issuerMarkLabel.setBuddy(self.issuerMark)
        self.docPrefixLabel.setBuddy(self.docPrefix)
        self.superiorCommitteeLabel.setBuddy(self.superiorCommittee)
        self.propagandaDeptLabel.setBuddy(self.propagandaDept)
        self.signatureLabel.setBuddy(self.signature)
        self.printingOfficeLabel.setBuddy(self.printingOffice)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(UnitPage)

        QMetaObject.connectSlotsByName(UnitPage)
    # setupUi

    def retranslateUi(self, UnitPage):
        self.unitBox.setTitle(QCoreApplication.translate("UnitPage", u"\u5355\u4f4d\u4fe1\u606f", None))
        self.fullNameLabel.setText(QCoreApplication.translate("UnitPage", u"\u5355\u4f4d\u5168\u79f0\uff1a", None))
        self.fullName.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u5982\uff1a\u4e2d\u5171\u5b8c\u5192\u9547\u59d4\u5458\u4f1a", None))
        self.shortNameLabel.setText(QCoreApplication.translate("UnitPage", u"\u5355\u4f4d\u7b80\u79f0\uff1a", None))
        self.shortName.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u5982\uff1a\u5b8c\u5192\u9547\u515a\u59d4", None))
        self.organKindLabel.setText(QCoreApplication.translate("UnitPage", u"\u7ec4\u7ec7\u7c7b\u522b\uff1a", None))
        self.issuerMarkLabel.setText(QCoreApplication.translate("UnitPage", u"\u53d1\u6587\u673a\u5173\u6807\u5fd7\uff1a", None))
        self.issuerMark.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u7ea2\u5934\u4e0a\u7684\u673a\u5173\u540d\u79f0\uff0c\u5982\uff1a\u4e2d\u5171\u5b8c\u5192\u9547\u59d4\u5458\u4f1a", None))
        self.docPrefixLabel.setText(QCoreApplication.translate("UnitPage", u"\u53d1\u6587\u5b57\u53f7\u524d\u7f00\uff1a", None))
        self.docPrefix.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u673a\u5173\u4ee3\u5b57\uff0c\u5982\uff1a\u5b8c\u515a\u5b57", None))
        self.superiorCommitteeLabel.setText(QCoreApplication.translate("UnitPage", u"\u4e0a\u7ea7\u515a\u59d4\uff1a", None))
        self.superiorCommittee.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u5982\uff1a\u4e2d\u5171\u00d7\u00d7\u53bf\u59d4\u5458\u4f1a", None))
        self.propagandaDeptLabel.setText(QCoreApplication.translate("UnitPage", u"\u5ba3\u4f20\u90e8\u95e8\uff08\u4e3b\u9001\uff09\uff1a", None))
        self.propagandaDept.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u5982\uff1a\u53bf\u59d4\u5ba3\u4f20\u90e8", None))
        self.signatureLabel.setText(QCoreApplication.translate("UnitPage", u"\u7f72\u540d\uff1a", None))
        self.signature.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u843d\u6b3e\u673a\u5173\uff0c\u9ed8\u8ba4\u540c\u5355\u4f4d\u5168\u79f0", None))
        self.printingOfficeLabel.setText(QCoreApplication.translate("UnitPage", u"\u5370\u53d1\u673a\u5173\uff1a", None))
        self.printingOffice.setPlaceholderText(QCoreApplication.translate("UnitPage", u"\u7248\u8bb0\u4e2d\u7684\u5370\u53d1\u673a\u5173\uff0c\u5982\uff1a\u4e2d\u5171\u5b8c\u5192\u9547\u59d4\u5458\u4f1a\u529e\u516c\u5ba4", None))
        self.unitMessage.setText("")
        self.unitRevert.setText(QCoreApplication.translate("UnitPage", u"\u64a4\u9500\u4fee\u6539", None))
        self.unitSave.setText(QCoreApplication.translate("UnitPage", u"\u4fdd\u5b58\u5355\u4f4d\u4fe1\u606f", None))
        self.peopleBox.setTitle(QCoreApplication.translate("UnitPage", u"\u4eba\u5458\uff08\u73ed\u5b50\u6210\u5458\u3001\u7ec4\u7ec7\u59d4\u5458\u3001\u5e72\u90e8\u804c\u5de5\uff09", None))
        self.peopleAdd.setText(QCoreApplication.translate("UnitPage", u"\u65b0\u589e", None))
        self.peopleEdit.setText(QCoreApplication.translate("UnitPage", u"\u4fee\u6539", None))
        self.peopleDelete.setText(QCoreApplication.translate("UnitPage", u"\u5220\u9664", None))
        self.officesBox.setTitle(QCoreApplication.translate("UnitPage", u"\u80a1\u5ba4\uff08\u79d1\u5ba4\uff09", None))
        self.officesAdd.setText(QCoreApplication.translate("UnitPage", u"\u65b0\u589e", None))
        self.officesEdit.setText(QCoreApplication.translate("UnitPage", u"\u4fee\u6539", None))
        self.officesDelete.setText(QCoreApplication.translate("UnitPage", u"\u5220\u9664", None))
        pass
    # retranslateUi

