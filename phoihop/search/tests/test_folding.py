"""fold_vi and the Vietnamese sort key."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from phoihop.search.folding import fold_vi, name_key, name_problem, vi_sort_key

VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
vi_text = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " ", max_size=40)


def test_examples():
    assert fold_vi("  Nguyễn  Văn ĐỨC ") == "nguyen van duc"
    assert fold_vi("Đặng Thị Thuỷ") == fold_vi("đặng thị thủy") == "dang thi thuy"
    assert fold_vi("Hoà") == fold_vi("Hòa") == fold_vi(unicodedata.normalize("NFD", "Hoà")) == "hoa"
    assert fold_vi("Lê-Văn  Ơn") == "le van on"
    assert fold_vi(None) == "" and fold_vi("") == ""


def test_name_key_ignores_order():
    assert name_key("ĐỨC NGUYỄN Văn") == name_key("nguyen van duc") == "duc nguyen van"


@given(vi_text)
def test_fold_ignores_unicode_form_and_case(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert fold_vi(nfc) == fold_vi(nfd) == fold_vi(text.upper()) == fold_vi(fold_vi(text))
    assert fold_vi(text).isascii()


def test_name_problems():
    assert name_problem("Nguyễn Văn A") is None
    assert name_problem("Nguyễn\x00Văn") == "control"
    assert name_problem("<script>alert(1)</script>") == "markup"
    assert name_problem("Nguyễn Văn 3") == "digits"
    assert name_problem(" - ") == "empty"


def test_vietnamese_order_given_name_first_letters_before_tones():
    names = [
        "Trần Văn Ánh",
        "Nguyễn Thị Anh",
        "Lê Văn Bình",
        "Phạm Thị Ân",
        "Đỗ Văn Ấn",
        "Nguyễn Văn Đức",
        "Vũ Văn Dũng",
        "Lê Thị An",
        "Hoàng Văn Ảnh",
        "Bùi Thị Ánh",
        "Ngô Văn Ă",
        "Lý Văn Yến",
        "Hồ Văn Ư",
    ]
    ordered = sorted(names, key=vi_sort_key)
    assert ordered == [
        "Lê Thị An",
        "Nguyễn Thị Anh",
        "Hoàng Văn Ảnh",
        "Bùi Thị Ánh",
        "Trần Văn Ánh",
        "Ngô Văn Ă",
        "Phạm Thị Ân",
        "Đỗ Văn Ấn",
        "Lê Văn Bình",
        "Vũ Văn Dũng",
        "Nguyễn Văn Đức",
        "Hồ Văn Ư",
        "Lý Văn Yến",
    ]
    assert set(vi_sort_key("Nguyễn Văn Đức")) <= set("abcdefghijklmnopqrstuvwxyz")


def test_same_given_name_then_family_then_middle():
    assert sorted(["Trần Văn An", "Nguyễn Văn An", "Nguyễn Thị An"], key=vi_sort_key) == [
        "Nguyễn Thị An",
        "Nguyễn Văn An",
        "Trần Văn An",
    ]


def test_name_pairs_are_adjacent_words_of_each_name_within_the_column():
    from phoihop.search.folding import name_pairs, word_pairs

    assert word_pairs(["nguyen", "van", "duc"]) == ["nguyen0van", "van0duc"]
    assert word_pairs(["lan"]) == []
    assert name_pairs("Nguyễn Văn Đức", "Đức Béo; Ba Đức, Đức Béo") == "nguyen0van van0duc duc0beo ba0duc"
    long = name_pairs(
        "An Bình", ", ".join(f"Tên{c} Gọi{c}" for c in "abcdefghijklmnopqrstuvwxyz"), max_length=40
    )
    assert len(long) <= 40 and all("0" in pair and len(pair.split("0")) == 2 for pair in long.split())
