"""阵地管理: the unit's positions (公众号, 微信群, QQ群, 宣传栏, 电子屏 …), the 报告会、研讨会、
讲座论坛 it holds (approved by the 党委 and filed with the 宣传部 first), and the review log of
what was published; the ledger's Excel workbook."""
