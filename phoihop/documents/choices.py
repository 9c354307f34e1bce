"""Enumerations of documents (Hướng dẫn 36-HD/VPTW type names; Nghị định 30/2020 for state partners)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocType(models.TextChoices):
    CONG_VAN = "CV", _("Công văn")
    TO_TRINH = "TTr", _("Tờ trình")
    BAO_CAO = "BC", _("Báo cáo")
    KET_LUAN = "KL", pgettext_lazy("document type", "Kết luận")
    THONG_BAO = "TB", pgettext_lazy("document type", "Thông báo")
    PHIEU_CHUYEN = "PC", _("Phiếu chuyển")
    QUYET_DINH = "QĐ", _("Quyết định")
    BIEN_BAN = "BB", _("Biên bản")
    DON_THU = "DT", _("Đơn thư")
    LY_LICH = "LL", _("Lý lịch, hồ sơ cá nhân")
    KHAC = "K", _("Tài liệu khác")


class Extraction(models.TextChoices):
    PENDING = "pending", _("Đang trích xuất nội dung")
    DONE = "done", _("Đã trích xuất nội dung")
    REVIEW = "review", _("Cần người kiểm tra (nhận dạng chữ kém tin cậy)")
    NONE = "none", _("Không có nội dung chữ")
    FAILED = "failed", _("Trích xuất không thành công")


class DocFormat(models.TextChoices):
    PARTY = "party", _("Thể thức văn bản của Đảng (HD 36-HD/VPTW)")
    STATE = "state", _("Thể thức văn bản hành chính (NĐ 30/2020)")


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký, chờ ban hành")
    ISSUED = "issued", _("Đã ban hành")
