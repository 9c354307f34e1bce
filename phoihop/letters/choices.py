"""The letters kind's vocabularies (domain.md §2.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Regime(models.TextChoices):
    PARTY = "party", _("Đảng (đảng viên, tổ chức đảng)")
    STATE = "state", _("Nhà nước (Luật Khiếu nại, Luật Tố cáo)")


class Channel(models.TextChoices):
    POST = "post", _("Qua bưu điện")
    IN_PERSON = "in_person", _("Trực tiếp")
    TRANSFERRED = "transferred", _("Cơ quan khác chuyển đến")
    ONLINE = "online", _("Trực tuyến")


class LetterType(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị")
    FEEDBACK = "feedback", _("Phản ánh")
    MIXED = "mixed", _("Hỗn hợp (khiếu nại và tố cáo)")


class IdentityStatus(models.TextChoices):
    NAMED = "named", _("Có họ tên, địa chỉ")
    ANONYMOUS = "anonymous", _("Nặc danh")
    FALSE_NAME = "false_name", _("Mạo danh")
    UNIDENTIFIABLE = "unidentifiable", _("Không xác định được người viết")


class SubjectFlag(models.TextChoices):
    POLITICAL = "political", _("Vấn đề chính trị")
    PERSONNEL = "personnel", _("Công tác cán bộ")
    ETHICS = "ethics", _("Phẩm chất, đạo đức, lối sống")
    ECONOMIC = "economic", _("Kinh tế, tài chính, đất đai")
    OTHER = "other", _("Khác")


class Missing(models.TextChoices):
    """Why a letter cannot be processed: the element it lacks (domain.md §2.2 "processable only if…")."""

    NONE = "", _("Đủ điều kiện xử lý")
    DATE = "date", _("Không ghi ngày tháng")
    NAME = "name", _("Không ghi họ tên người viết")
    ADDRESS = "address", _("Không ghi địa chỉ")
    SIGNATURE = "signature", _("Không có chữ ký")
    CONTENT = "content", _("Nội dung không cụ thể")


class Outcome(models.TextChoices):
    """How a letter is handled once classified."""

    ACCEPT = "accept", _("Thụ lý (thuộc thẩm quyền)")
    TRANSFER = "transfer", _("Chuyển cơ quan có thẩm quyền")
    GUIDE = "guide", _("Hướng dẫn người viết")
    FILE = "file", _("Lưu đơn")
    INFORMATION = "information", _("Sử dụng làm thông tin")


class FileReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("Nặc danh, mạo danh")
    DUPLICATE = "duplicate", _("Trùng đơn đã xử lý")
    NO_NEW_EVIDENCE = "no_new_evidence", _("Tố cáo lại không có tình tiết mới")
    MULTI_SIGNED = "multi_signed", _("Đơn có nhiều người cùng ký (phía Đảng)")
    NOT_PROCESSABLE = "not_processable", _("Không đủ điều kiện xử lý")
    WITHDRAWN = "withdrawn", _("Người viết rút đơn")


class Finding(models.TextChoices):
    OPEN = "", pgettext_lazy("allegation result", "Chưa kết luận")
    FOUNDED = "founded", _("Đúng")
    PARTLY = "partly", _("Đúng một phần")
    UNFOUNDED = "unfounded", _("Sai")
    WITHDRAWN = "withdrawn", _("Rút nội dung")


class MatchKind(models.TextChoices):
    """What a letter found at intake is to the new one."""

    SAME_CONTENT = "same_content", _("Cùng nội dung gửi lại")
    ELSEWHERE = "elsewhere", _("Cùng vụ việc gửi nhiều nơi")
    REDENUNCIATION = "redenunciation", _("Tố cáo lại vụ việc đã kết luận")
    UNRELATED = "unrelated", _("Không liên quan (bỏ qua)")


class Step(models.TextChoices):
    """The periods a letter rule sets."""

    CLASSIFY = "classify", _("Tiếp nhận, phân loại")
    TRANSFER = "transfer", _("Chuyển đơn, thông báo người viết")
    RESOLVE = "resolve", _("Giải quyết")


class CountsFrom(models.TextChoices):
    RECEIPT = "receipt", _("Từ ngày nhận đơn")
    ACCEPTANCE = "acceptance", _("Từ ngày thụ lý")
