"""Fictional Vietnamese letter content, for synthetic data, tests and the matching benchmark.

`allegations()` writes the allegations (nội dung) of one made-up complaint or denunciation letter about a
fictional cadre's conduct — land, recruitment, finance, construction, appointments, social benefits, mining,
asset declaration, ethics, abuse of power — and `near_duplicate()` writes what the same writer (or another
one) sends again: reworded with synonyms, connectors added, filler words dropped, sentences and allegations
reordered, sometimes a sentence left out or a "sent before" sentence added, and half of the time without
diacritics, as letters typed on a phone often are.

Every name is made up from common family, middle and given names; places are made-up commune and district
names; companies, projects and amounts are drawn from lists. Unrelated letters must not look alike to the
matcher, so each letter draws its own cadre, place, relatives, company, project, amounts, years, plot numbers
and hamlets, and each allegation 2–5 of the 10–15 sentence templates of its theme, each template with its
phrasings drawn anew ([a|b|c]). Letter i of a data set is `allegations(random.Random(seed + i))`: the same
seed writes the same letter again.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

# --- names and places (all made up) -------------------------------------------------------------------------

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Lâm",
    "Trịnh",
    "Mai",
    "Tạ",
    "Lương",
    "Cao",
    "Đoàn",
    "Hà",
    "Tô",
    "Chu",
    "Kiều",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Đình", "Bá", "Thế", "Xuân", "Trọng", "Ngọc"]
MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Kim", "Hồng", "Minh", "Mỹ", "Phương", "Bích"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Phúc",
    "Toàn",
    "Vinh",
    "Hiếu",
    "Lộc",
    "Thịnh",
    "Trung",
    "Nghĩa",
    "Kiên",
    "Huy",
    "Đạt",
    "Tài",
    "Thành",
    "Hòa",
    "Khoa",
    "Lợi",
    "Tín",
    "Hưng",
    "Quý",
    "Tùng",
    "Bảo",
    "Duy",
    "Hậu",
    "Sang",
    "Tiến",
]
GIVEN_F = [
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Nga",
    "Thảo",
    "Trang",
    "Yến",
    "Hạnh",
    "Loan",
    "Linh",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Tâm",
    "Thủy",
    "Vân",
    "Xuân",
    "Hằng",
    "Dung",
    "Liên",
    "Ngân",
    "Diệp",
    "Huyền",
    "Trinh",
]
# Place names are two of these syllables: "xã Tân Hòa", "huyện Phú Lộc" (about 1,500 combinations).
PLACE = [
    "Tân",
    "Phú",
    "An",
    "Hòa",
    "Bình",
    "Long",
    "Thạnh",
    "Mỹ",
    "Vĩnh",
    "Phước",
    "Đông",
    "Tây",
    "Hưng",
    "Thuận",
    "Lộc",
    "Xuân",
    "Quang",
    "Trung",
    "Thịnh",
    "Hiệp",
    "Khánh",
    "Lợi",
    "Điền",
    "Sơn",
    "Hải",
    "Thành",
    "Đức",
    "Nghĩa",
    "Tiến",
    "Yên",
    "Hợp",
    "Châu",
    "Cát",
    "Lạc",
    "Minh",
    "Thái",
    "Gia",
    "Kim",
    "Đại",
]
BRAND = [
    "Thành Phát",
    "Hưng Thịnh",
    "Phú Gia",
    "Đại Lộc",
    "Minh Quang",
    "Tân Tiến",
    "Hoàng Long",
    "An Khang",
    "Trường Sơn",
    "Nam Việt",
    "Phúc An",
    "Đức Tài",
    "Kim Ngân",
    "Sao Mai",
    "Bảo Châu",
    "Thiên Phú",
    "Hồng Hà",
    "Vạn Xuân",
    "Tiến Đạt",
    "Quốc Thái",
    "Hải Đăng",
    "Gia Bảo",
    "Thuận Thành",
    "Đông Á",
    "Việt Hưng",
]
SECTOR = [
    "Xây dựng",
    "Thương mại",
    "Đầu tư",
    "Vật liệu xây dựng",
    "Dịch vụ",
    "Khai thác khoáng sản",
    "Vận tải",
]
POSITION = [
    "Chủ tịch UBND {xa}",
    "Phó Chủ tịch UBND {xa}",
    "Bí thư Đảng ủy {xa}",
    "Phó Bí thư Đảng ủy {xa}",
    "Công chức địa chính {xa}",
    "Kế toán ngân sách {xa}",
    "Trưởng Công an {xa}",
    "Chủ tịch Hội Nông dân {xa}",
    "Trưởng phòng Tài nguyên và Môi trường {huyen}",
    "Phó Trưởng phòng Nội vụ {huyen}",
    "Giám đốc Ban Quản lý dự án {huyen}",
    "Trưởng phòng Giáo dục và Đào tạo {huyen}",
    "Hiệu trưởng Trường Trung học cơ sở {xa}",
    "Giám đốc Trung tâm Y tế {huyen}",
    "Trưởng phòng Tài chính - Kế hoạch {huyen}",
    "Chánh Văn phòng HĐND và UBND {huyen}",
    "Trưởng phòng Lao động - Thương binh và Xã hội {huyen}",
    "Phó Giám đốc Chi nhánh Văn phòng đăng ký đất đai",
]
RELATIVE = ["con trai", "con gái", "em vợ", "em ruột", "cháu ruột", "con rể", "anh vợ", "em họ"]
PROJECT = [
    "đường giao thông nông thôn",
    "nhà văn hóa",
    "trường mầm non",
    "kênh mương nội đồng",
    "trạm y tế",
    "chợ",
    "cầu dân sinh",
    "hệ thống điện chiếu sáng",
    "khu tái định cư",
    "bãi tập kết rác",
    "sân vận động",
    "trụ sở làm việc",
    "đê bao chống lũ",
    "hệ thống nước sạch",
    "khu dân cư mới",
    "nghĩa trang nhân dân",
]
JOB = [
    "giáo viên",
    "nhân viên y tế",
    "công chức địa chính",
    "cán bộ văn phòng",
    "kế toán",
    "nhân viên thư viện",
    "công chức tư pháp",
    "viên chức văn thư",
    "nhân viên bảo vệ",
    "công chức văn hóa xã hội",
]
PROGRAM = [
    "hỗ trợ hộ nghèo",
    "xây dựng nông thôn mới",
    "hỗ trợ nhà ở cho người có công",
    "hỗ trợ thiệt hại do bão lũ",
    "bảo hiểm y tế cho hộ cận nghèo",
    "trợ cấp cho người cao tuổi",
    "hỗ trợ giống cây trồng",
    "hỗ trợ học sinh vùng khó khăn",
    "chuyển đổi cơ cấu cây trồng",
    "trợ cấp người khuyết tật",
]
ASSET = [
    "một căn nhà ba tầng",
    "hai lô đất mặt tiền",
    "một xe ô tô",
    "một trang trại",
    "một căn hộ chung cư",
    "một cửa hàng vật liệu",
    "ba lô đất nền",
    "một biệt thự nhà vườn",
    "một khu nhà xưởng",
]
RECIPIENT = [
    "Ủy ban nhân dân {huyen}",
    "Thanh tra {huyen}",
    "Ủy ban Kiểm tra Huyện ủy",
    "Ban Tiếp công dân tỉnh",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Thanh tra tỉnh",
    "Đảng ủy {xa}",
]


T = TypeVar("T")


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]  # rng.choice() draws bits in a loop: 4× slower


def _money(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{rng.randrange(12, 990)} triệu đồng"
    return f"{rng.randrange(1, 40)},{rng.randrange(1, 10)} tỷ đồng"


def _name(rng: random.Random, female: bool) -> str:
    middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
    return f"{_pick(rng, FAMILY)} {_pick(rng, middle)} {_pick(rng, given)}"


def _villager(rng: random.Random) -> str:
    female = rng.random() < 0.5
    return f"{'bà' if female else 'ông'} {_name(rng, female)}"


def _place(rng: random.Random) -> str:
    return " ".join(rng.sample(PLACE, 2))


def _hamlet(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"thôn {rng.randrange(1, 16)}"
    if kind < 0.7:
        return f"ấp {_place(rng)}"
    return f"tổ dân phố {rng.randrange(1, 25)}"


# --- templates ----------------------------------------------------------------------------------------------
# {slot} is a value of the letter ({goi}: how it names the cadre after the first mention, "ông Bình"; {Goi}
# the same capitalised) or drawn for the sentence ({tien}, {thon}…); [a|b|c] is one of the phrasings, drawn
# for each letter, so that two letters of one theme rarely share a whole sentence.

THEMES: dict[str, list[str]] = {
    "đất đai": [
        "{Goi} [đã lợi dụng chức vụ để|lợi dụng vị trí công tác|dựa vào quyền hạn được giao để] hợp thức hóa "
        "{dientich} đất [công|công ích|bãi bồi] tại {thon} thành đất ở [cho gia đình mình|của gia đình|để "
        "bán].",
        "Thửa đất số {thua}, tờ bản đồ số {to} [vốn là đất nông nghiệp|là đất trồng lúa|thuộc quỹ đất công "
        "ích] nhưng [năm {nam}|từ năm {nam}|cuối năm {nam}] đã được cấp giấy chứng nhận quyền sử dụng đất "
        "cho {nguoinha}.",
        "Người dân {thon} [nhiều lần phản ánh|đã có đơn phản ánh|liên tục kiến nghị] việc [lấn chiếm đất "
        "hành lang giao thông|san lấp ao hồ trái phép|lấn chiếm đất rừng phòng hộ] nhưng {goi} [không xử "
        "lý|làm ngơ|chỉ hứa hẹn cho qua].",
        "{Goi} nhận hối lộ {tien} [để ký xác nhận|rồi ký xác nhận|và đã ký xác nhận] nguồn gốc đất [không "
        "đúng sự thật|sai thực tế|sai hiện trạng] cho [một số hộ|{sohoi} hộ|các hộ quen biết] ở {thon}.",
        "Việc đền bù giải phóng mặt bằng dự án {duan} [không công khai|thiếu minh bạch|có nhiều khuất tất], "
        "[nhiều hộ bị tính thiếu diện tích|{sohoi} hộ bị áp giá thấp|có hộ không có đất vẫn được đền bù].",
        "Gia đình {goi} [xây dựng trái phép|xây nhà kiên cố|dựng nhà xưởng] {sotang} tầng trên đất nông "
        "nghiệp [mà chính quyền {xa} vẫn làm ngơ|nhưng không bị xử lý|từ năm {nam2} đến nay].",
        "[Năm|Đầu năm|Tháng {thang} năm] {nam2}, {goi} [chỉ đạo|ký quyết định|đồng ý] chuyển nhượng "
        "{dientich} đất [công ích|của hợp tác xã|dự trữ phát triển] cho {congty} [với giá thấp hơn thị "
        "trường|không qua đấu giá|không thông qua Hội đồng nhân dân].",
        "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của {sohoi} hộ dân [bị giữ lại nhiều tháng|bị ngâm suốt "
        "{sothang} tháng|không được giải quyết đúng hạn], [ai nộp thêm tiền thì mới được giải quyết|hộ nào "
        "chi {tien2} thì được làm nhanh].",
        "[Tôi đề nghị|Kính đề nghị cấp trên|Chúng tôi đề nghị] đo đạc lại thửa đất số {thua} và làm rõ trách "
        "nhiệm của {goi} trong việc [cấp đất sai quy định|giao đất trái thẩm quyền|quản lý đất đai].",
        "[Khu đất|Phần đất] giáp ranh {thon} [rộng khoảng|có diện tích] {dientich} đã bị {congty} rào lại "
        "[sau khi|ngay khi] {goi} ký biên bản bàn giao [năm {nam}|tháng {thang} năm {nam}].",
        "[Ngày {ngay} tháng {thang} năm {nam}|Khoảng tháng {thang} năm {nam}], {goi} [cho san ủi|cho máy múc "
        "đến san lấp] [ruộng của|khu vườn của] gia đình {tendan} ở {thon} [mà không có thông báo thu hồi "
        "đất|khi chưa chi trả tiền bồi thường].",
        "Giá đất bồi thường [tại|ở] {thon} chỉ [bằng|khoảng] [một phần ba|một nửa] giá thị trường, [trong "
        "khi {congty}|còn {congty}] [bán lại|phân lô bán nền] với giá [gấp nhiều lần|cao gấp năm lần].",
        "{Goi} [ký|xác nhận] [hợp đồng cho thuê|biên bản giao] {dientich} đất [bãi bồi ven sông|ven tỉnh "
        "lộ|trong khu quy hoạch] cho {nguoinha} [với thời hạn {sonam} năm|không qua đấu giá|mà không báo cáo "
        "huyện].",
        "[Bản đồ địa chính|Sổ mục kê|Hồ sơ địa chính] [lưu tại|của] {xa} [đã bị tẩy xóa|bị sửa chữa|có dấu "
        "hiệu chỉnh sửa] ở thửa số {thua} [để hợp thức hóa|nhằm hợp thức] việc [lấn chiếm|chuyển mục đích sử "
        "dụng].",
        "Khi [gia đình tôi|{tendan}|các hộ ở {thon}] [xin tách thửa|làm thủ tục chuyển nhượng|xin cấp đổi "
        "sổ], công chức địa chính [yêu cầu|gợi ý] [nộp thêm|chi] {tien2} [bồi dưỡng|mới làm].",
    ],
    "tuyển dụng": [
        "Trong kỳ tuyển dụng {vitri} [năm|tháng {thang} năm] {nam}, {goi} [đã nhận của mỗi thí sinh|thu của "
        "mỗi người|nhận qua trung gian của mỗi thí sinh] từ {tien} để [bảo đảm trúng tuyển|được vào làm].",
        "{Nguoinha} [không đủ tiêu chuẩn về bằng cấp|chỉ có bằng tại chức|không có chứng chỉ theo yêu cầu] "
        "nhưng [vẫn được tuyển|được ưu tiên tuyển|được đặc cách] vào làm {vitri} tại {xa}.",
        "Kết quả thi tuyển {vitri} [không được niêm yết công khai|chỉ được thông báo miệng|bị công bố chậm], "
        "điểm [phúc khảo|thi viết|phỏng vấn] của {sohoi} thí sinh [bị sửa|bị nâng lên bất thường|bị hạ].",
        "Hội đồng tuyển dụng do {goi} làm chủ tịch [có nhiều thành viên là người thân của nhau|gồm cả người "
        "nhà của thí sinh|không có người của cơ quan cấp trên].",
        "[Một số|{sohoi}] hồ sơ dự tuyển có dấu hiệu làm giả [bằng tốt nghiệp|chứng chỉ tin học|giấy khám "
        "sức khỏe] nhưng {goi} [vẫn ký quyết định tuyển dụng|vẫn cho qua|không cho kiểm tra lại].",
        "{Goi} hứa [sẽ xin việc|lo việc làm|xin vào biên chế] cho con em người dân với giá {tien} mỗi suất "
        "nhưng [đến nay chưa trả lại tiền|không thực hiện và không trả tiền|đã {sonam} năm vẫn không có kết "
        "quả].",
        "[Tôi đề nghị|Đề nghị cấp trên|Chúng tôi kính đề nghị] kiểm tra lại toàn bộ hồ sơ tuyển dụng {vitri} "
        "của {xa} từ năm {nam} đến năm {nam2}.",
        "Sau khi trúng tuyển, {nguoinha} [được bố trí ngay vào vị trí|được điều về làm|được giao phụ trách] "
        "{vitri} [dù chưa qua thời gian tập sự|trong khi chưa đủ điều kiện|chỉ sau {sothang} tháng].",
        "[Đợt|Kỳ] xét tuyển [năm {nam2}|tháng {thang} năm {nam2}] chỉ tuyển {sohoi} chỉ tiêu nhưng [thông "
        "báo không được đăng công khai|hồ sơ chỉ nhận trong hai ngày|người ngoài không biết để nộp hồ sơ].",
        "{Tendan} ở {thon} [cho biết đã|kể lại đã|khẳng định đã] [đưa|chuyển khoản] {tien} cho {nguoinha} "
        "[để lo cho con|để xin việc cho cháu] vào làm {vitri} [năm {nam}|tháng {thang} năm {nam}].",
        "[Đề thi|Câu hỏi phỏng vấn] [kỳ tuyển dụng|đợt xét tuyển] năm {nam2} [bị lộ trước|được phát trước] "
        "cho [một số thí sinh|{sohoi} thí sinh] [có quan hệ với|là người quen của] {goi}.",
        "[Những người|{sohoi} người] [trúng tuyển|được tuyển] [đợt|kỳ] [tháng {thang}|năm {nam2}] đều [là "
        "người nhà|có quan hệ họ hàng với] [cán bộ chủ chốt|lãnh đạo] {xa}.",
        "[Thí sinh|Người dự tuyển] [có điểm cao nhất|đứng đầu danh sách] [bị loại|không được tuyển] với lý "
        "do [thiếu giấy tờ|hồ sơ không hợp lệ] [trong khi|còn] {nguoinha} [được bổ sung hồ sơ sau|được "
        "nhận].",
    ],
    "tài chính": [
        "{Goi} [đã chỉ đạo kế toán lập chứng từ khống|ký nhiều chứng từ khống|cùng kế toán lập hóa đơn "
        "khống] để rút {tien} từ ngân sách {xa} [trong năm {nam}|từ năm {nam} đến năm {nam2}].",
        "Khoản kinh phí {chuongtrinh} năm {nam} [bị chi sai mục đích|bị giữ lại một phần|không được cấp phát "
        "đầy đủ], [người dân không nhận đủ tiền hỗ trợ|{sohoi} hộ chỉ nhận được một nửa].",
        "Quỹ đóng góp của người dân {thon} để làm {duan} [không được công khai thu chi|không có sổ "
        "sách|không được quyết toán], [thất thoát khoảng|chênh lệch hơn] {tien}.",
        "[Nhiều hóa đơn|Các chứng từ] mua sắm [văn phòng phẩm và tiếp khách|máy tính và bàn ghế|xăng xe và "
        "hội nghị] của {xa} có giá trị cao bất thường, tổng cộng {tien}.",
        "{Goi} dùng [xe công|tiền ngân sách|kinh phí hoạt động] vào việc riêng của gia đình, [kể cả đi du "
        "lịch năm {nam2}|kể cả tổ chức giỗ họ|trong nhiều năm liền].",
        "Tiền thu [phí chợ|phí vệ sinh|phí bến bãi] {thon} hằng tháng khoảng {tien2} [nhưng không nộp đủ vào "
        "ngân sách nhà nước|không có biên lai|do {nguoinha} trực tiếp thu].",
        "{Goi} chiếm đoạt {tien} tiền {chuongtrinh} [bằng cách lập danh sách khống|thông qua danh sách khống "
        "gồm] {sohoi} người thụ hưởng.",
        "[Đề nghị cơ quan chức năng|Kính đề nghị cấp trên|Tôi đề nghị đoàn thanh tra] thanh tra việc quản lý "
        "tài chính, ngân sách của {xa} giai đoạn {nam} - {nam2}.",
        "Số tiền [tạm ứng|vay] {tien} cho {congty} [từ năm {nam}|từ tháng {thang} năm {nam}] đến nay vẫn "
        "chưa được thu hồi [mà không ai chịu trách nhiệm|dù đã quá hạn nhiều năm].",
        "[Ngày {ngay} tháng {thang} năm {nam}|Trong quý {quy} năm {nam}], {xa} [chi|thanh toán] {tien} [tiền "
        "hội nghị|tiền tiếp khách|cho chuyến tham quan] [nhưng không có|mà không kèm] [danh sách người tham "
        "dự|hóa đơn hợp lệ].",
        "[Số dư|Tiền mặt] tại quỹ {xa} [chênh lệch|thiếu] {tien} so với sổ sách [khi|lúc] [bàn giao kế "
        "toán|kiểm kê cuối năm] {nam2}.",
        "{Goi} [cho|để] {congty} [vay|mượn] {tien} [từ|của] [quỹ đầu tư phát triển|nguồn vốn thu tiền sử "
        "dụng đất] [không có tài sản bảo đảm|không có hợp đồng].",
        "[Kế toán|Thủ quỹ] [{xa}|của xã] [là|chính là] {nguoinha}, [nên|vì vậy] [mọi khoản chi|việc thu chi] "
        "[đều do {goi} quyết|không ai kiểm soát được].",
    ],
    "xây dựng": [
        "Công trình {duan} tại {thon} [được giao cho|được chỉ định cho|rơi vào tay] {congty} thi công [dù "
        "đơn vị này không đủ năng lực|dù mới thành lập|mà không qua đấu thầu].",
        "{Congty} do {nguoinha} [điều hành|góp vốn|đứng tên giám đốc] đã trúng [nhiều|{sohoi}] gói thầu của "
        "{xa} với tổng giá trị {tien}.",
        "Chỉ sau {sothang} tháng đưa vào sử dụng, {duan} đã [xuống cấp nghiêm trọng|bong tróc, sụt lún|hư "
        "hỏng], [nứt nhiều đoạn|phải sửa chữa lại|người dân không dám sử dụng].",
        "Khối lượng nghiệm thu công trình {duan} [cao hơn thực tế|bị khai khống|không đúng với hiện trường], "
        "[gây thất thoát khoảng|chênh lệch khoảng] {tien}.",
        "Vật liệu đưa vào công trình {duan} [kém chất lượng|không rõ nguồn gốc|bị thay bằng loại rẻ tiền], "
        "không đúng thiết kế được duyệt năm {nam}.",
        "Người dân {thon} [phải đóng góp|bị thu] {tien2} mỗi hộ để làm {duan} [nhưng không được biết dự "
        "toán|mà không có biên lai|dù công trình có vốn ngân sách].",
        "{Goi} [ký nghiệm thu và thanh toán|cho tạm ứng vốn|ký quyết toán] cho {congty} khi công trình "
        "{duan} [chưa hoàn thành|mới làm được một nửa|còn dang dở].",
        "[Đề nghị kiểm tra|Tôi đề nghị thanh tra|Kính đề nghị làm rõ] hồ sơ đấu thầu và quyết toán công "
        "trình {duan} của {xa}.",
        "Trong quá trình thi công {duan}, {congty} [tự ý thay đổi thiết kế|cắt giảm chiều dày mặt đường|bớt "
        "xén cốt thép] mà [giám sát không lập biên bản|{goi} vẫn ký xác nhận].",
        "[Tháng {thang} năm {nam2}|Đầu năm {nam2}], [một đoạn|{sohoi} mét] [kè|tường rào|mương] của {duan} "
        "[bị sập|bị cuốn trôi] [sau trận mưa lớn|chỉ sau một mùa mưa], [may không có thiệt hại về người|làm "
        "hư hại hoa màu].",
        "[Gói thầu|Hạng mục] [số {to}|san nền] của {duan} [được chia nhỏ|bị tách] [thành {sothang} gói|ra "
        "nhiều phần] [để chỉ định thầu|nhằm né đấu thầu] cho {congty}.",
        "{Tendan}, [người trực tiếp|thợ] [thi công|làm công] tại {duan}, [cho biết|xác nhận] [xi măng|sắt "
        "thép] [bị rút bớt|bị đem bán] [mỗi ngày|hằng tuần].",
        "[Giá trị|Tổng mức] quyết toán {duan} [là|lên tới] {tien}, [cao hơn|vượt] [dự toán|tổng mức đầu tư] "
        "[được duyệt|ban đầu] [mà không có|dù không có] [phụ lục điều chỉnh|lý do hợp lý].",
    ],
    "bổ nhiệm": [
        "{Goi} [đã bổ nhiệm|ký quyết định bổ nhiệm|đề xuất bổ nhiệm] {nguoinha} làm [phó phòng|trưởng bộ "
        "phận|phó giám đốc] khi [chưa đủ thời gian công tác và chưa qua quy hoạch|chưa có bằng lý luận chính "
        "trị].",
        "Việc luân chuyển cán bộ tại {xa} năm {nam} [thiếu khách quan|không đúng quy trình|mang tính trù "
        "dập], [nhiều người bị điều chuyển vì góp ý|{sohoi} người bị chuyển đi nơi xa].",
        "Có thông tin {goi} nhận {tien} để bố trí chức vụ [trưởng {thon}|phó chủ tịch xã|trưởng trạm] cho "
        "[một người không có uy tín|người từng bị kỷ luật].",
        "Quy trình lấy phiếu tín nhiệm [bổ nhiệm lại|giới thiệu nhân sự|quy hoạch] {goi} năm {nam2} [có dấu "
        "hiệu sắp đặt trước|không đúng thành phần|bị làm lại nhiều lần].",
        "Trong {xa} hiện có {sohoi} người là [họ hàng|người thân|anh em bà con] của {goi} đang giữ các vị "
        "trí [chủ chốt|quan trọng|lãnh đạo].",
        "Hồ sơ [kê khai lý lịch|đảng viên|cán bộ] của {goi} khi bổ nhiệm có nhiều điểm không trung thực về "
        "[quá trình công tác|bằng cấp|năm sinh].",
        "[Đề nghị xem xét lại|Tôi đề nghị hủy bỏ|Kính đề nghị kiểm tra] quyết định bổ nhiệm {nguoinha} vào "
        "vị trí {vitri} của {xa}.",
        "[Tháng {thang} năm {nam}|Cuối năm {nam}], {goi} [cho thôi chức|điều chuyển|cách chức] {sohoi} cán "
        "bộ [không cùng ý kiến|đã tố cáo sai phạm] [mà không có lý do rõ ràng|không qua họp tập thể].",
        "[Trước khi|Ngay trước khi] [nghỉ hưu|chuyển công tác], {goi} [đã ký|ký liền] {sohoi} quyết định [bổ "
        "nhiệm|nâng lương trước hạn] [cho người thân|cho những người thân cận].",
        "[Bằng đại học|Bằng thạc sĩ] của {nguoinha} [được cấp|lấy] [tại một trường|ở một cơ sở] [không có "
        "chức năng đào tạo|đã bị đình chỉ tuyển sinh] [nhưng vẫn được dùng để|vẫn dùng để] bổ nhiệm.",
        "[Hội nghị|Cuộc họp] [giới thiệu nhân sự|lấy ý kiến] [ngày {ngay} tháng {thang} năm {nam}|tháng "
        "{thang} năm {nam}] chỉ [có|gồm] {sohoi} người [dự|tham gia], [không đủ|thiếu] thành phần [theo quy "
        "định|theo quy chế].",
    ],
    "chính sách": [
        "Danh sách hộ nghèo của {thon} năm {nam} có {sohoi} hộ [khá giả|có nhà cao tầng|có xe ô tô], trong "
        "đó có người nhà {goi}.",
        "Tiền {chuongtrinh} của nhiều hộ ở {thon} [bị cán bộ giữ lại|bị trừ] mỗi hộ {tien2} [với lý do chi "
        "phí hồ sơ|để bồi dưỡng cán bộ|mà không có giấy tờ].",
        "Gia đình tôi thuộc diện được hưởng {chuongtrinh} nhưng [bị loại khỏi danh sách|không được xét] [mà "
        "không rõ lý do|sau khi tôi góp ý với {goi}].",
        "{Goi} [lập hồ sơ khống|kê khai sai hồ sơ|xác nhận sai hoàn cảnh] để {nguoinha} được hưởng chế độ "
        "{chuongtrinh} [từ năm {nam}|suốt {sonam} năm].",
        "Việc bình xét {chuongtrinh} tại {thon} [không họp dân|không niêm yết công khai|chỉ họp hình thức], "
        "danh sách do {goi} tự quyết định.",
        "[Nhiều người cao tuổi|{sohoi} hộ gia đình|Nhiều hộ cận nghèo] ở {thon} chưa nhận được tiền "
        "{chuongtrinh} của {sothang} tháng gần đây.",
        "[Tôi đề nghị|Kính đề nghị cấp trên|Chúng tôi đề nghị] rà soát lại toàn bộ danh sách thụ hưởng "
        "{chuongtrinh} của {xa}.",
        "Giống cây và phân bón [cấp theo|thuộc] chương trình {chuongtrinh} năm {nam2} [bị bán ra ngoài|kém "
        "chất lượng|được chia cho người quen] thay vì phát cho {sohoi} hộ trong danh sách.",
        "{Tendan} ở {thon} [đã mất từ năm|qua đời năm] {nam} nhưng [tên vẫn còn|vẫn có tên] trong danh sách "
        "[nhận|hưởng] {chuongtrinh} [và tiền vẫn được lĩnh|đến năm {nam2}].",
        "[Nhà|Căn nhà] [của|cấp cho] [hộ nghèo|gia đình chính sách] {tendan} [theo|thuộc] chương trình "
        "{chuongtrinh} [chỉ xây được phần móng|xây dở dang] [dù đã giải ngân|mặc dù đã chi] {tien}.",
        "[Biên bản|Danh sách] [bình xét|họp xét] [ở|tại] {thon} [có chữ ký giả|bị ký thay] của [nhiều "
        "hộ|{sohoi} hộ] [không dự họp|vắng mặt].",
    ],
    "khoáng sản": [
        "{Congty} [khai thác cát trái phép|hút cát ban đêm|khai thác đất san lấp không phép] trên [sông|đồi] "
        "đoạn qua {thon} [suốt từ năm {nam} đến nay|nhiều tháng liền].",
        "Xe chở đất đá của {congty} [chạy quá tải|chạy liên tục ngày đêm] làm hư hỏng đường {thon}, người "
        "dân phản ánh nhưng [không ai xử lý|chính quyền không can thiệp].",
        "{Goi} [được cho là nhận|bị người dân nói là nhận] {tien} mỗi [tháng|quý] để làm ngơ việc khai thác "
        "khoáng sản trái phép.",
        "Bãi tập kết vật liệu của {congty} [gây bụi, tiếng ồn|gây sạt lở bờ sông] và ô nhiễm nguồn nước sinh "
        "hoạt của {sohoi} hộ dân.",
        "Giấy phép khai thác [mỏ đá|mỏ cát|mỏ đất sét] tại {xa} đã hết hạn từ năm {nam2} nhưng {congty} vẫn "
        "[tiếp tục khai thác|mở rộng khai trường].",
        "Nước thải của [cơ sở sản xuất|trại chăn nuôi|xưởng chế biến] do {nguoinha} làm chủ xả thẳng ra "
        "[kênh mương|sông|ruộng lúa] của {thon}.",
        "[Đề nghị đình chỉ|Tôi đề nghị cấm] hoạt động khai thác và xử lý trách nhiệm của {goi} trong việc "
        "[buông lỏng quản lý|bao che sai phạm].",
        "Đoàn kiểm tra [của huyện|liên ngành] về {xa} [tháng {thang} năm {nam}|năm {nam2}] đã lập biên bản "
        "nhưng [sau đó {congty} vẫn hoạt động|không có quyết định xử phạt].",
        "[Ban đêm|Từ {sothang} giờ tối], [hàng chục|{sohoi}] [ghe|sà lan] [hút cát|chở cát] [neo đậu|hoạt "
        "động] [ở|tại] đoạn sông [giáp|gần] {thon} [mà không ai kiểm tra|trước mắt lực lượng chức năng].",
        "[Bờ sông|Bờ kênh] [tại|ở] {thon} [bị sạt lở|sụt lún] [hơn|gần] {sohoi} mét, [đe dọa|uy hiếp] [nhà "
        "cửa|đất sản xuất] của [nhiều hộ|{tendan}].",
        "[Số tiền|Khoản] [hỗ trợ|đóng góp] {tien} [mà|do] {congty} [chuyển cho|nộp vào] {xa} [để làm "
        "đường|để sửa đường] [không rõ|không biết] đã [chi vào việc gì|đi đâu].",
    ],
    "tài sản": [
        "{Goi} có {taisan} tại {huyen} với giá trị lớn, [không tương xứng với thu nhập|vượt xa thu nhập hợp "
        "pháp] của một cán bộ.",
        "Trong bản kê khai tài sản năm {nam}, {goi} không kê khai {taisan} [đứng tên {nguoinha}|mà thực chất "
        "do mình bỏ tiền mua].",
        "Chỉ sau {sonam} năm giữ chức vụ, {goi} đã [xây|mua] {taisan} và [mua thêm nhiều đất ở {thon}|gửi "
        "tiết kiệm số tiền lớn].",
        "{Goi} [nhờ {nguoinha} đứng tên|chuyển cho {nguoinha}] nhiều tài sản để che giấu nguồn gốc, trong đó "
        "có {taisan}.",
        "[Tổ chức tiệc cưới cho con|Nhân dịp tân gia|Dịp mừng thọ] năm {nam2}, {goi} nhận phong bì của nhiều "
        "doanh nghiệp, trong đó có {congty}.",
        "[Đề nghị xác minh|Tôi đề nghị làm rõ|Kính đề nghị kiểm tra] tài sản, thu nhập của {goi} và gia đình "
        "từ năm {nam} đến nay.",
        "{Nguoinha} [không có việc làm ổn định|chỉ làm nông] nhưng [đứng tên|sở hữu] {taisan} và {dientich} "
        "đất tại {thon}.",
        "[Người dân|Bà con] {thon} [đều biết|thấy rõ] {goi} [vừa|mới] [mua|tậu] [thêm|một] [xe ô tô bảy "
        "chỗ|mảnh vườn {dientich}] [trị giá|khoảng] {tien} [vào tháng {thang} năm {nam2}|năm {nam2}].",
        "{Nguoinha} [mở|đứng tên] [doanh nghiệp|cơ sở kinh doanh] [có vốn điều lệ|trị giá] {tien} [ngay sau "
        "khi|chỉ một năm sau khi] {goi} [nhậm chức|được bổ nhiệm].",
        "[Bản kê khai|Bản tự kê khai] [tài sản, thu nhập|thu nhập] năm {nam2} của {goi} [ghi|chỉ ghi] [thu "
        "nhập chỉ từ lương|không có tài sản nào đáng kể], [trái với|khác hẳn] [thực tế|những gì người dân "
        "thấy].",
    ],
    "đạo đức": [
        "{Goi} [thường xuyên uống rượu bia trong giờ làm việc|hay bỏ nhiệm sở đi việc riêng] và có thái độ "
        "[hách dịch|cửa quyền] với người dân đến làm thủ tục.",
        "Có thông tin {goi} có quan hệ bất chính, gây mất đoàn kết nội bộ tại {xa} [từ năm {nam}|nhiều năm "
        "nay].",
        "{Goi} tham gia đánh bạc ăn tiền tại {thon} vào tháng {thang} năm {nam}, [nhiều người dân chứng "
        "kiến|có người quay lại được].",
        "Tại cuộc họp dân ở {thon}, {goi} đã [lớn tiếng xúc phạm|quát mắng] và [đe dọa|gây sức ép với] người "
        "có ý kiến khác.",
        "{Goi} vay tiền của [nhiều người dân|{sohoi} hộ] với tổng số {tien} nhưng không trả, còn dùng chức "
        "vụ để gây áp lực.",
        "Việc làm của {goi} gây bức xúc trong nhân dân {thon}, ảnh hưởng đến uy tín của [cán bộ, đảng "
        "viên|chính quyền] tại địa phương.",
        "[Tôi đề nghị|Kính đề nghị|Đề nghị cấp ủy] kiểm điểm nghiêm túc và xử lý kỷ luật {goi} theo quy định "
        "của Đảng.",
        "[Năm {nam2}|Tháng {thang} năm {nam2}], {goi} điều khiển xe [sau khi uống rượu|vượt đèn đỏ] gây tai "
        "nạn tại {thon} nhưng [được bỏ qua|không bị xử lý].",
        "[Con trai|Người nhà] của {goi} [gây gổ|đánh nhau] [với|và làm bị thương] {tendan} ở {thon} [nhưng "
        "được|rồi được] {goi} [can thiệp|dàn xếp] [cho qua|để không bị xử lý].",
        "{Goi} [mượn danh|lấy danh nghĩa] [cơ quan|chính quyền] [để|nhằm] [vận động|thu] [mỗi hộ|các doanh "
        "nghiệp] [{tien2}|tiền] [tổ chức|làm] [lễ kỷ niệm|giải thể thao] [rồi|nhưng] [không công khai|không "
        "quyết toán].",
        "[Ngày {ngay} tháng {thang} năm {nam}|Tháng {thang} năm {nam}], {goi} [có mặt|ngồi] [ở|tại] [quán "
        "karaoke|sòng bạc|nhà hàng] [trong giờ hành chính|cùng {congty}], [nhiều người đã chụp ảnh lại|người "
        "dân đã ghi hình lại].",
    ],
    "lạm quyền": [
        "{Goi} đã ra quyết định [xử phạt vi phạm hành chính sai thẩm quyền|đình chỉ kinh doanh trái luật] "
        "đối với {sohoi} hộ kinh doanh ở {thon}.",
        "Khi người dân khiếu nại, {goi} [không tiếp|từ chối tiếp] mà chỉ đạo cán bộ gây khó khăn, [đòi bổ "
        "sung giấy tờ vô lý|hẹn đi hẹn lại nhiều lần].",
        "{Goi} can thiệp vào việc giải quyết tranh chấp đất giữa {nguoinha} và [một hộ dân|{sohoi} hộ] ở "
        "{thon}.",
        "Tháng {thang} năm {nam}, {goi} cho người đến [cưỡng chế công trình|tháo dỡ mái che] của gia đình "
        "tôi mà không có quyết định.",
        "{Goi} bao che cho {congty} có nhiều sai phạm về [trật tự xây dựng|môi trường|phòng cháy] tại {xa}.",
        "Đơn của người dân gửi từ năm {nam} đến nay vẫn bị {goi} [giữ lại|ém nhẹm], không chuyển đến cơ quan "
        "có thẩm quyền.",
        "[Đề nghị cấp trên|Tôi đề nghị|Kính đề nghị] làm rõ hành vi lạm quyền của {goi} và trả lời cho người "
        "dân được biết.",
        "{Goi} [ký giấy xác nhận|cấp phép] cho {congty} [sử dụng {dientich} đất công|mở bến bãi tại {thon}] "
        "khi [chưa có ý kiến của huyện|không có thẩm quyền].",
        "{Tendan} [bị|đã bị] [tạm giữ|mời lên trụ sở] [{sohoi} giờ|cả ngày] [chỉ vì|sau khi] [phản đối|góp "
        "ý] [chủ trương của|việc làm của] {goi} [tại|trong] [cuộc họp|buổi tiếp dân].",
        "{Goi} [tự ý|chỉ đạo] [thu|giữ] [giấy tờ xe|giấy chứng nhận quyền sử dụng đất] của [một số "
        "hộ|{sohoi} hộ] [ở|tại] {thon} [để ép|buộc] [ký vào biên bản|nộp tiền] [không đúng quy định|trái "
        "pháp luật].",
        "[Quyết định|Văn bản] [số {to}/QĐ-UBND|do {goi} ký] [ngày {ngay} tháng {thang} năm {nam2}|năm "
        "{nam2}] [vượt thẩm quyền|trái luật] [vì|do] [cấp xã không được|xã không có quyền] [thu hồi đất|cấp "
        "phép xây dựng].",
    ],
}

OPENINGS = [
    "[Tôi làm đơn này để tố cáo|Tôi viết đơn này tố cáo|Nay tôi làm đơn tố cáo] {ong} {ten}, {chuc}, [về các "
    "sai phạm sau|với những nội dung sau|vì đã có nhiều hành vi sai trái].",
    "Chúng tôi là [người dân|các hộ gia đình|cử tri] {thon}, {xa}, {huyen}, xin [phản ánh|trình bày] việc "
    "làm sai trái của {ong} {ten}, {chuc}.",
    "Tôi xin [phản ánh|trình bày] với {noinhan} về {ong} {ten}, [hiện là|đang giữ chức] {chuc}.",
    "Kính gửi {noinhan}, tôi [tố cáo|phản ánh] {ong} {ten}, {chuc}, [có nhiều dấu hiệu vi phạm pháp luật|vi "
    "phạm quy định của Đảng và Nhà nước].",
]

# --- near duplicates ----------------------------------------------------------------------------------------

SYNONYMS = [
    ("cán bộ", "công chức"),
    ("nhận hối lộ", "nhận tiền"),
    ("người dân", "bà con"),
    ("sai phạm", "vi phạm"),
    ("chiếm đoạt", "chiếm dụng"),
    ("hồ sơ", "giấy tờ"),
    ("đề nghị", "yêu cầu"),
    ("làm giả", "giả mạo"),
    ("bao che", "che chắn"),
    ("lợi dụng chức vụ", "lạm dụng chức vụ"),
    ("đền bù", "bồi thường"),
    ("giấy chứng nhận quyền sử dụng đất", "sổ đỏ"),
    ("không công khai", "không minh bạch"),
    ("bức xúc", "bất bình"),
    ("kém chất lượng", "không bảo đảm chất lượng"),
    ("trái phép", "không phép"),
    ("nhiều lần", "nhiều lượt"),
    ("cơ quan chức năng", "cơ quan có thẩm quyền"),
    ("xử lý", "giải quyết"),
    ("thất thoát", "lãng phí"),
    ("chuyển nhượng", "bán"),
    ("khoảng", "chừng"),
    ("kiểm tra", "xem xét"),
    ("làm rõ", "xác minh"),
    ("thông tin", "dư luận"),
    ("ngân sách", "tiền nhà nước"),
    ("người nhà", "người thân"),
    ("nhiều", "một số"),
    ("quy định", "pháp luật"),
    ("hư hỏng", "xuống cấp"),
]
CONNECTORS = [
    "Cụ thể, ",
    "Ngoài ra, ",
    "Bên cạnh đó, ",
    "Đặc biệt, ",
    "Hơn nữa, ",
    "Thêm vào đó, ",
    "Rõ ràng là ",
]
FILLERS = ["đã ", "cũng ", "rất ", "vẫn ", "còn "]
RESENT = [
    "Tôi đã gửi đơn đến {noinhan} từ tháng {thang} nhưng đến nay chưa được trả lời.",
    "Nội dung này tôi đã phản ánh nhiều lần nhưng chưa được giải quyết dứt điểm.",
    "Đơn này tôi gửi đồng thời đến các cơ quan có thẩm quyền để được xem xét.",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")


def _letter_slots(rng: random.Random) -> tuple[dict[str, str], list[str]]:
    """The values fixed for the whole letter, and its two hamlets."""
    female = rng.random() < 0.25
    ong = "bà" if female else "ông"
    name = _name(rng, female)
    xa, huyen = f"xã {_place(rng)}", f"huyện {_place(rng)}"
    given = name.rsplit(" ", 1)[-1]
    hamlets = [_hamlet(rng) for _ in range(2)]
    year = rng.randrange(2012, 2024)
    fixed = {
        "ong": ong,
        "ten": name,
        "goi": _pick(rng, [f"{ong} {given}", f"{ong} {given}", f"{ong} {name}", f"đồng chí {given}"]),
        "chuc": _pick(rng, POSITION).format(xa=xa, huyen=huyen),
        "xa": xa,
        "huyen": huyen,
        "nguoinha": f"{_pick(rng, RELATIVE)} của {ong} là {_name(rng, rng.random() < 0.4)}",
        "congty": f"Công ty TNHH {_pick(rng, SECTOR)} {_pick(rng, BRAND)}",
        "duan": f"{_pick(rng, PROJECT)} {_pick(rng, hamlets)}",
        "noinhan": _pick(rng, RECIPIENT).format(xa=xa, huyen=huyen),
        "taisan": _pick(rng, ASSET),
        "vitri": _pick(rng, JOB),
        "chuongtrinh": _pick(rng, PROGRAM),
        "nam": str(year),
        "nam2": str(year + rng.randrange(1, 4)),
    }
    return fixed, hamlets


# The values drawn again in each sentence (one hamlet of the letter, amounts, numbers, dates, villagers).
_DRAWN: dict[str, Callable[[random.Random, list[str]], str]] = {
    "thon": lambda rng, hamlets: _pick(rng, hamlets),
    "tien": lambda rng, _h: _money(rng),
    "tien2": lambda rng, _h: f"{rng.randrange(1, 20) * 50} nghìn đồng",
    "dientich": lambda rng, _h: f"{rng.randrange(60, 6000)} m²",
    "thua": lambda rng, _h: str(rng.randrange(1, 900)),
    "to": lambda rng, _h: str(rng.randrange(1, 60)),
    "sotang": lambda rng, _h: str(rng.randrange(2, 5)),
    "sohoi": lambda rng, _h: str(rng.randrange(3, 60)),
    "sothang": lambda rng, _h: str(rng.randrange(2, 13)),
    "sonam": lambda rng, _h: str(rng.randrange(2, 9)),
    "thang": lambda rng, _h: str(rng.randrange(1, 13)),
    "ngay": lambda rng, _h: str(rng.randrange(1, 29)),
    "quy": lambda rng, _h: _pick(rng, ("I", "II", "III", "IV")),
    "tendan": lambda rng, _h: _villager(rng),
}
_SLOT = re.compile(r"\{(\w+)\}")


class _Template:
    """A template split once into its fixed text and its [a|b|c] choices, with the slots it names."""

    def __init__(self, template: str) -> None:
        parts = _ALTERNATIVES.split(template)  # text, choice, text, choice, …, text
        self.parts: list[str | tuple[str, ...]] = [
            tuple(part.split("|")) if i % 2 else part for i, part in enumerate(parts)
        ]
        self.slots = sorted(set(_SLOT.findall(template)))

    def render(self, rng: random.Random, fixed: dict[str, str], hamlets: list[str]) -> str:
        values = {}
        for slot in self.slots:
            key = slot.lower()
            value = fixed[key] if key in fixed else _DRAWN[key](rng, hamlets)  # once per sentence
            values[slot] = value[0].upper() + value[1:] if slot[0].isupper() else value
        text = "".join(part if isinstance(part, str) else _pick(rng, part) for part in self.parts)
        return text.format_map(values)


_THEMES = {theme: [_Template(t) for t in templates] for theme, templates in THEMES.items()}
_THEME_NAMES = sorted(THEMES)
_OPENINGS = [_Template(t) for t in OPENINGS]


def allegations(rng: random.Random, n: int | None = None) -> list[str]:
    """1–4 allegations (or `n`) of one fictional letter, each 2–5 sentences of one theme; the first opens with
    who the letter is about."""
    fixed, hamlets = _letter_slots(rng)
    count = n if n is not None else _pick(rng, (1, 2, 2, 3, 3, 4))
    out = []
    for i, theme in enumerate(rng.sample(_THEME_NAMES, count)):
        templates = rng.sample(_THEMES[theme], rng.randrange(2, 6))
        if i == 0:
            templates.insert(0, _pick(rng, _OPENINGS))
        out.append(" ".join(t.render(rng, fixed, hamlets) for t in templates))
    return out


def strip_accents(text: str) -> str:
    """'Đề nghị xử lý' → 'De nghi xu ly': the marks removed, đ/Đ as d/D, the case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _reword(rng: random.Random, sentence: str) -> str:
    for a, b in SYNONYMS:
        for old, new in ((a, b), (b, a)):
            if old in sentence.lower() and rng.random() < 0.5:
                sentence = _replace(sentence, old, new)
                break
    for filler in FILLERS:
        if filler in sentence and rng.random() < 0.5:
            sentence = sentence.replace(filler, "", 1)
    if rng.random() < 0.3:
        sentence = rng.choice(CONNECTORS) + sentence[0].lower() + sentence[1:]
    return sentence


def _replace(sentence: str, old: str, new: str) -> str:
    """Every whole-word `old` (any case) replaced by `new`, capitalised where `old` was."""

    def same_case(found: re.Match[str]) -> str:
        return new[0].upper() + new[1:] if found[0][:1].isupper() else new

    return re.sub(rf"(?i)\b{re.escape(old)}\b", same_case, sentence)


def near_duplicate(rng: random.Random, texts: list[str]) -> list[str]:
    """The same letter sent again: reworded, sentences and allegations reordered, maybe a sentence dropped or
    a "sent before" one added, and with probability 0.5 without diacritics."""
    out = []
    for text in texts:
        sentences = [_reword(rng, s) for s in _SENTENCE.split(text.strip()) if s]
        rng.shuffle(sentences)
        if len(sentences) > 3 and rng.random() < 0.2:
            sentences.pop(rng.randrange(len(sentences)))
        out.append(" ".join(sentences))
    rng.shuffle(out)
    if rng.random() < 0.3:
        recipient = rng.choice(RECIPIENT).format(xa="xã", huyen="huyện")
        out[-1] += " " + rng.choice(RESENT).format(noinhan=recipient, thang=rng.randrange(1, 13))
    if rng.random() < 0.5:
        out = [strip_accents(t) for t in out]
    return out
