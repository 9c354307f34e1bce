"""Enumerations of the people registry (domain.md §1, §2.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Đảng bộ tỉnh")
    DIRECT = "direct", _("Đảng bộ trực thuộc tỉnh")
    DISTRICT = "district", _("Đảng bộ huyện (trước 2025)")
    GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")
    CELL = "cell", _("Chi bộ trực thuộc")
    GROUP = "group", _("Tổ đảng")


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    MOVED = "moved", _("Chuyển cấp trên")
    MERGED = "merged", _("Hợp nhất")
    DISSOLVED = "dissolved", _("Giải thể")


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class PersonStatus(models.TextChoices):
    MEMBER = "member", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    APPLICANT = "applicant", _("Quần chúng ưu tú (đối tượng kết nạp)")
    NON_MEMBER = "non_member", _("Ngoài Đảng")
    DECEASED = "deceased", _("Đã từ trần")


class ManagementLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương quản lý")
    PROVINCE = "province", _("Tỉnh ủy quản lý")
    LOCAL = "local", _("Cấp ủy cơ sở quản lý")
    NONE = "none", _("Không thuộc diện quản lý")


class Relation(models.TextChoices):
    PATERNAL_GRANDFATHER = "pat_grandfather", _("Ông nội")
    PATERNAL_GRANDMOTHER = "pat_grandmother", _("Bà nội")
    MATERNAL_GRANDFATHER = "mat_grandfather", _("Ông ngoại")
    MATERNAL_GRANDMOTHER = "mat_grandmother", _("Bà ngoại")
    FATHER = "father", _("Bố đẻ")
    MOTHER = "mother", _("Mẹ đẻ")
    GUARDIAN = "guardian", _("Người nuôi dưỡng")
    FATHER_IN_LAW = "father_in_law", _("Bố vợ/chồng")
    MOTHER_IN_LAW = "mother_in_law", _("Mẹ vợ/chồng")
    SPOUSE = "spouse", _("Vợ/chồng")
    SIBLING = "sibling", _("Anh chị em ruột")
    SPOUSE_SIBLING = "spouse_sibling", _("Anh chị em ruột của vợ/chồng")
    CHILD = "child", _("Con đẻ")
    ADOPTED_CHILD = "adopted_child", _("Con nuôi")


class ForeignRelationKind(models.TextChoices):
    MEMBERSHIP = "membership", _("Tham gia tổ chức nước ngoài")
    AWARD = "award", _("Khen thưởng của nước ngoài")
    RELATIVE_ABROAD = "relative_abroad", _("Thân nhân ở nước ngoài")
    FOREIGN_SPOUSE = "foreign_spouse", _("Vợ/chồng là người nước ngoài")
    CONTACT = "contact", _("Quan hệ với tổ chức, cá nhân nước ngoài")


# Person statuses that are Party membership; every other status is "outside the Party" for registration.
MEMBER_STATUSES = frozenset({PersonStatus.MEMBER, PersonStatus.PROBATIONARY})


class ErasureMode(models.TextChoices):
    DELETE = "delete", _("Xóa hẳn")
    ANONYMISE = "anonymise", _("Ẩn danh hóa")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    CHECKING = "checking", _("Đang kiểm tra")
    APPLYING = "applying", _("Đang thực hiện")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thực hiện")


class BlockReason(models.TextChoices):
    """Why a retention job could not erase a person (the whole job is then left undone)."""

    GONE = "gone", _("Hồ sơ không còn (đã xóa hoặc hợp nhất)")
    NOT_DUE = "not_due", _("Không còn thuộc diện hết thời hạn lưu (có căn cứ mới hoặc căn cứ còn hiệu lực)")
    OPEN_CASE = "open_case", _("Là người liên quan của hồ sơ vụ việc chưa kết thúc")
    REFERENCED = (
        "referenced",
        _("Còn được hồ sơ vụ việc đã kết thúc hoặc hồ sơ hợp nhất tham chiếu: hãy ẩn danh hóa"),
    )
    ERROR = "error", _("Lỗi khi thực hiện; không có thay đổi nào được lưu")


class IdentifierField(models.TextChoices):
    NATIONAL_ID = "national_id", _("Số CCCD")
    PARTY_CARD = "party_card", _("Số thẻ đảng viên")


class HoldCause(models.TextChoices):
    ENTERED = "entered", _("Số đã ghi cho một người mà cơ quan nhập không được xem")
    KEEPER = "keeper", _("Ban Tổ chức tạm giữ để đối chiếu")


class HoldOutcome(models.TextChoices):
    MERGED = "merged", _("Cùng một người: đã hợp nhất hồ sơ")
    WRONG_NUMBER = "wrong_number", _("Số nhập sai: đã báo cơ quan nhập")
    INFORMED = "informed", _("Đã trao đổi với cơ quan nhập, không thay đổi hồ sơ")
    RELEASED = "released", _("Thôi tạm giữ")
