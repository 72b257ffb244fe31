"""Data for the demo province (see danchu.demo.plan): names of people, units and positions.

The units are the provincial agencies and public service units whose party organisations sit
under the Party Committee of Bắc Giang's provincial agencies (../shared/domain/THE-CASE.md).
Sizes are relative head counts; the generator scales them to the requested number of staff.
Lists are kept as text blocks so that they stay compact and easy to edit.
"""

from __future__ import annotations

from typing import NamedTuple

ROOT_NAME = "Đảng bộ Khối các cơ quan tỉnh Bắc Giang"
ROOT_SHORT_NAME = "Đảng bộ Khối CCQ tỉnh"
ROOT_CODE = "dang-bo-khoi-cac-co-quan-tinh"
EMAIL_DOMAIN = "bacgiang.gov.vn"

# A grassroots party organisation with at least 30 members is a grassroots party committee
# (đảng bộ cơ sở); a smaller one is a grassroots party cell (chi bộ cơ sở).
DANG_BO_MIN_MEMBERS = 30


def _items(text: str) -> tuple[str, ...]:
    """Split "A; B; C" (line breaks allowed) into ("A", "B", "C")."""
    return tuple(item.strip() for item in text.split(";") if item.strip())


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _weighted(text: str) -> tuple[tuple[str, float], ...]:
    """Parse "Nguyễn 36, Thị Thu 5" into (("Nguyễn", 36.0), ("Thị Thu", 5.0))."""
    pairs = (item.strip().rsplit(" ", 1) for item in text.split(",") if item.strip())
    return tuple((name, float(weight)) for name, weight in pairs)


# --- People -----------------------------------------------------------------------------------

# National surname frequencies (%), nudged to the North (Hoàng over Huỳnh, Vũ over Võ) and to
# Bắc Giang (Thân, Giáp).
SURNAMES = _weighted("""
    Nguyễn 36, Trần 10.5, Lê 9, Phạm 7, Hoàng 4.6, Huỳnh 0.4, Phan 3, Vũ 3.6, Võ 0.5, Đặng 2.1,
    Bùi 2, Đỗ 1.8, Hồ 1.2, Ngô 1.4, Dương 1.1, Lý 0.5, Thân 1.2, Giáp 0.6, Hà 0.9, Đào 0.9,
    Đoàn 0.8, Trịnh 0.8, Trương 0.7, Lương 0.6, Mai 0.5, Chu 0.5, Lưu 0.5, Tạ 0.4, Nông 0.4,
    Cao 0.4, Vương 0.3, Lâm 0.3, La 0.3, Đinh 0.7, Tô 0.3
""")
MALE_MIDDLE = _weighted("""
    Văn 34, Đức 9, Minh 8, Quang 6, Hữu 5, Xuân 4, Công 4, Ngọc 3, Thanh 4, Tiến 3, Mạnh 3,
    Việt 2, Trung 2, Duy 3, Hoàng 2, Anh 2, Đình 3, Văn Minh 1, Trọng 2, Thế 2
""")
FEMALE_MIDDLE = _weighted("""
    Thị 42, Thu 6, Thanh 5, Ngọc 5, Minh 4, Phương 3, Thúy 3, Hồng 3, Kim 2, Bích 2, Hải 2,
    Diệu 1, Khánh 2, Thị Thu 5, Thị Hồng 3, Thị Minh 2, Thị Ngọc 2, Quỳnh 1, Hoài 1
""")
MALE_GIVEN = _words("""
    An Anh Bình Cường Dũng Đạt Giang Hải Hiếu Hùng Khánh Long Minh Nam Quân Sơn Thắng Tuấn
    Trung Tùng Thành Phong Huy Việt Đức Kiên Hưng Toàn Thịnh Lâm Hoàng Quang Vinh Tú Hiệp
    Chiến Thái Lộc Phúc Khoa Bảo Duy Hậu Nghĩa
""")
FEMALE_GIVEN = _words("""
    Anh Chi Giang Hà Hằng Hoa Hương Lan Linh Mai Nga Ngọc Phương Thảo Trang Vân Yến Hạnh
    Huyền Nhung Dung Thủy Loan Oanh Hiền Hồng Thu Quỳnh Nhàn Lý Liên Thương Ngân Thúy Hoài
    Tâm Vy Diệp My
""")

# --- Positions --------------------------------------------------------------------------------

POSITIONS = {
    "agency": _weighted("""
        Chuyên viên 5, Chuyên viên chính 2, Thanh tra viên 1, Kế toán viên 1,
        Kiểm soát viên 1, Cán sự 1, Văn thư viên 0.5
    """),
    "office": _weighted("""
        Chuyên viên 5, Chuyên viên chính 2, Kiểm tra viên 1, Kế toán viên 1, Cán sự 1,
        Văn thư viên 0.5
    """),
    "hospital": _weighted("""
        Bác sĩ 3, Điều dưỡng 5, Kỹ thuật viên 1.5, Dược sĩ 1, Hộ sinh 1, Y sĩ 1, Kế toán viên 0.5
    """),
    "school": _weighted("""
        Giảng viên 4, Giảng viên chính 1, Giáo viên 3, Chuyên viên 1, Thư viện viên 0.3,
        Kế toán viên 0.5
    """),
    "media": _weighted("""
        Phóng viên 4, Biên tập viên 3, Kỹ thuật viên 2, Quay phim 1, Phát thanh viên 1,
        Kế toán viên 0.5
    """),
    "center": _weighted("""
        Chuyên viên 4, Viên chức 2, Kỹ thuật viên 1, Kỹ sư 1, Kế toán viên 0.5, Cán sự 1
    """),
}
WORKER_POSITIONS = _items("Lái xe; Bảo vệ; Nhân viên phục vụ; Nhân viên kỹ thuật; Tạp vụ")

# --- Departments ------------------------------------------------------------------------------

# profile -> (departments every such unit has, the pool the others are drawn from)
DEPARTMENTS = {
    "agency": (
        _items("Văn phòng Sở; Thanh tra Sở"),
        _items("""
            Phòng Tổ chức cán bộ; Phòng Kế hoạch - Tài chính; Phòng Pháp chế;
            Phòng Quản lý chuyên ngành; Phòng Kế hoạch - Tổng hợp; Phòng Quản lý đầu tư;
            Phòng Chính sách; Phòng Kiểm tra
        """),
    ),
    "office": (
        _items("Văn phòng"),
        _items("""
            Phòng Tổ chức cán bộ; Phòng Tổng hợp; Phòng Kế hoạch - Tài chính; Phòng Nghiệp vụ 1;
            Phòng Nghiệp vụ 2; Phòng Nghiệp vụ 3; Phòng Pháp chế; Phòng Kiểm tra nội bộ;
            Phòng Công nghệ thông tin
        """),
    ),
    "hospital": (
        _items("Phòng Kế hoạch tổng hợp; Phòng Tổ chức cán bộ"),
        _items("""
            Phòng Điều dưỡng; Phòng Tài chính kế toán; Khoa Khám bệnh;
            Khoa Hồi sức tích cực - Chống độc; Khoa Nội tổng hợp; Khoa Ngoại tổng hợp;
            Khoa Xét nghiệm; Khoa Chẩn đoán hình ảnh; Khoa Dược
        """),
    ),
    "school": (
        _items("Phòng Đào tạo; Phòng Tổ chức - Hành chính"),
        _items("""
            Phòng Kế hoạch - Tài chính; Phòng Công tác học sinh, sinh viên;
            Phòng Khảo thí và Đảm bảo chất lượng; Khoa Khoa học cơ bản; Khoa Cơ khí;
            Khoa Điện - Điện tử; Khoa Công nghệ thông tin; Khoa Kinh tế
        """),
    ),
    "media": (
        _items("Phòng Tổ chức - Hành chính"),
        _items("""
            Phòng Thời sự; Phòng Biên tập; Phòng Kỹ thuật - Công nghệ; Phòng Phóng viên;
            Phòng Điện tử; Phòng Quảng cáo - Dịch vụ; Phòng Chuyên đề
        """),
    ),
    "center": (
        _items("Phòng Hành chính - Tổng hợp"),
        _items("""
            Phòng Nghiệp vụ; Phòng Kế hoạch - Tài chính; Phòng Kỹ thuật; Phòng Dịch vụ;
            Phòng Tư vấn; Phòng Kiểm tra - Giám sát
        """),
    ),
}

# Units whose departments are known by name: the first three always, then the next in order.
CUSTOM_DEPARTMENTS = {
    "so-noi-vu": _items("""
        Văn phòng Sở; Phòng Tổ chức, biên chế và Tổ chức phi chính phủ;
        Phòng Công chức, viên chức; Thanh tra Sở; Phòng Cải cách hành chính;
        Phòng Xây dựng chính quyền và Công tác thanh niên; Ban Thi đua - Khen thưởng; Ban Tôn giáo
    """),
    "so-tu-phap": _items("""
        Văn phòng Sở; Phòng Xây dựng và Kiểm tra văn bản; Thanh tra Sở; Phòng Bổ trợ tư pháp;
        Phòng Phổ biến, giáo dục pháp luật; Phòng Hành chính tư pháp
    """),
    "so-y-te": _items("""
        Văn phòng Sở; Phòng Nghiệp vụ Y; Thanh tra Sở; Phòng Nghiệp vụ Dược;
        Phòng Kế hoạch - Tài chính; Phòng Tổ chức cán bộ; Chi cục Dân số - Kế hoạch hóa gia đình
    """),
    "so-giao-duc": _items("""
        Văn phòng Sở; Phòng Giáo dục Trung học; Thanh tra Sở; Phòng Giáo dục Mầm non;
        Phòng Giáo dục Tiểu học; Phòng Tổ chức cán bộ; Phòng Khảo thí và Kiểm định chất lượng
    """),
    "cuc-thue": _items("""
        Văn phòng Cục; Phòng Tổ chức cán bộ; Phòng Kiểm tra nội bộ;
        Phòng Thanh tra - Kiểm tra số 1; Phòng Thanh tra - Kiểm tra số 2;
        Phòng Quản lý nợ và Cưỡng chế nợ thuế; Phòng Tuyên truyền - Hỗ trợ người nộp thuế
    """),
    "thanh-tra-tinh": _items("""
        Văn phòng; Phòng Nghiệp vụ 1; Phòng Nghiệp vụ 2; Phòng Nghiệp vụ 3;
        Phòng Tiếp công dân và Xử lý đơn thư; Phòng Phòng, chống tham nhũng
    """),
    "toa-an": _items("""
        Văn phòng; Phòng Tổ chức - Cán bộ; Tòa Hình sự; Tòa Dân sự; Tòa Hành chính;
        Tòa Kinh tế; Tòa Gia đình và người chưa thành niên
    """),
    "vien-kiem-sat": _items("""
        Văn phòng; Phòng Tổ chức cán bộ; Phòng Thực hành quyền công tố và kiểm sát điều tra;
        Phòng Kiểm sát xét xử phúc thẩm; Phòng Kiểm sát giải quyết các vụ, việc dân sự;
        Phòng Thống kê tội phạm và Công nghệ thông tin
    """),
    "thpt-chuyen": _items("""
        Tổ Văn phòng; Tổ Toán - Tin; Tổ Ngữ văn; Tổ Ngoại ngữ; Tổ Vật lý - Công nghệ;
        Tổ Hóa - Sinh; Tổ Lịch sử - Địa lý - Giáo dục công dân
    """),
}


class AgencySpec(NamedTuple):
    """An agency or public service unit, led by one grassroots party organisation."""

    name: str
    label: str  # its short name, also used in its party organisation's name
    code: str
    public_service: bool
    profile: str
    size: int
    head_title: str


# code | S: state agency, P: public service unit | profile | relative size | title of the head |
# short name (also in its party organisation's name) | name
_AGENCY_TABLE = """
so-noi-vu                 |S|agency  |  110|Giám đốc     |Sở Nội vụ                        |Sở Nội vụ tỉnh Bắc Giang
so-tu-phap                |S|agency  |   48|Giám đốc     |Sở Tư pháp                       |Sở Tư pháp tỉnh Bắc Giang
so-tai-chinh              |S|agency  |   85|Giám đốc     |Sở Tài chính                     |Sở Tài chính tỉnh Bắc Giang
so-ke-hoach-dau-tu        |S|agency  |   80|Giám đốc     |Sở Kế hoạch và Đầu tư            |Sở Kế hoạch và Đầu tư tỉnh Bắc Giang
so-cong-thuong            |S|agency  |   95|Giám đốc     |Sở Công Thương                   |Sở Công Thương tỉnh Bắc Giang
so-nong-nghiep            |S|agency  |  520|Giám đốc     |Sở Nông nghiệp và PTNT           |Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Giang
so-giao-thong-van-tai     |S|agency  |  150|Giám đốc     |Sở Giao thông vận tải            |Sở Giao thông vận tải tỉnh Bắc Giang
so-xay-dung               |S|agency  |   85|Giám đốc     |Sở Xây dựng                      |Sở Xây dựng tỉnh Bắc Giang
so-tai-nguyen-moi-truong  |S|agency  |  190|Giám đốc     |Sở Tài nguyên và Môi trường      |Sở Tài nguyên và Môi trường tỉnh Bắc Giang
so-lao-dong               |S|agency  |  110|Giám đốc     |Sở Lao động - TB&XH              |Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang
so-van-hoa                |S|agency  |   95|Giám đốc     |Sở Văn hóa, Thể thao và Du lịch  |Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Giang
so-khoa-hoc-cong-nghe     |S|agency  |   60|Giám đốc     |Sở Khoa học và Công nghệ         |Sở Khoa học và Công nghệ tỉnh Bắc Giang
so-giao-duc               |S|agency  |  100|Giám đốc     |Sở Giáo dục và Đào tạo           |Sở Giáo dục và Đào tạo tỉnh Bắc Giang
so-y-te                   |S|agency  |   90|Giám đốc     |Sở Y tế                          |Sở Y tế tỉnh Bắc Giang
so-thong-tin              |S|agency  |   45|Giám đốc     |Sở Thông tin và Truyền thông     |Sở Thông tin và Truyền thông tỉnh Bắc Giang
so-ngoai-vu               |S|agency  |   30|Giám đốc     |Sở Ngoại vụ                      |Sở Ngoại vụ tỉnh Bắc Giang
thanh-tra-tinh            |S|office  |   55|Chánh Thanh tra|Thanh tra tỉnh                   |Thanh tra tỉnh Bắc Giang
van-phong-ubnd            |S|office  |  140|Chánh Văn phòng|Văn phòng UBND tỉnh              |Văn phòng Ủy ban nhân dân tỉnh Bắc Giang
van-phong-doan-dbqh-hdnd  |S|office  |   55|Chánh Văn phòng|Văn phòng Đoàn ĐBQH và HĐND tỉnh |Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Bắc Giang
ban-dan-toc               |S|office  |   30|Trưởng ban   |Ban Dân tộc tỉnh                 |Ban Dân tộc tỉnh Bắc Giang
ban-quan-ly-kcn           |S|office  |   60|Trưởng ban   |Ban Quản lý các KCN tỉnh         |Ban Quản lý các khu công nghiệp tỉnh Bắc Giang
cuc-thue                  |S|office  |  560|Cục trưởng   |Cục Thuế tỉnh                    |Cục Thuế tỉnh Bắc Giang
kho-bac                   |S|office  |  240|Giám đốc     |Kho bạc Nhà nước tỉnh            |Kho bạc Nhà nước Bắc Giang
cuc-thong-ke              |S|office  |  110|Cục trưởng   |Cục Thống kê tỉnh                |Cục Thống kê tỉnh Bắc Giang
cuc-thi-hanh-an           |S|office  |  190|Cục trưởng   |Cục Thi hành án dân sự tỉnh      |Cục Thi hành án dân sự tỉnh Bắc Giang
ngan-hang-nha-nuoc        |S|office  |   55|Giám đốc     |Ngân hàng Nhà nước tỉnh          |Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Bắc Giang
toa-an                    |S|office  |   90|Chánh án     |Tòa án nhân dân tỉnh             |Tòa án nhân dân tỉnh Bắc Giang
vien-kiem-sat             |S|office  |   85|Viện trưởng  |Viện Kiểm sát nhân dân tỉnh      |Viện Kiểm sát nhân dân tỉnh Bắc Giang
bao-hiem-xa-hoi           |P|office  |  310|Giám đốc     |Bảo hiểm xã hội tỉnh             |Bảo hiểm xã hội tỉnh Bắc Giang
bv-da-khoa                |P|hospital| 1350|Giám đốc     |Bệnh viện Đa khoa tỉnh           |Bệnh viện Đa khoa tỉnh Bắc Giang
bv-san-nhi                |P|hospital|  640|Giám đốc     |Bệnh viện Sản Nhi                |Bệnh viện Sản Nhi Bắc Giang
bv-y-hoc-co-truyen        |P|hospital|  270|Giám đốc     |Bệnh viện Y học cổ truyền        |Bệnh viện Y học cổ truyền tỉnh Bắc Giang
bv-phoi                   |P|hospital|  210|Giám đốc     |Bệnh viện Phổi                   |Bệnh viện Phổi tỉnh Bắc Giang
bv-tam-than               |P|hospital|  170|Giám đốc     |Bệnh viện Tâm thần               |Bệnh viện Tâm thần tỉnh Bắc Giang
bv-phcn                   |P|hospital|  130|Giám đốc     |Bệnh viện Phục hồi chức năng     |Bệnh viện Phục hồi chức năng tỉnh Bắc Giang
bv-ung-buou               |P|hospital|  300|Giám đốc     |Bệnh viện Ung bướu               |Bệnh viện Ung bướu tỉnh Bắc Giang
ttksbt                    |P|center  |  200|Giám đốc     |CDC Bắc Giang                    |Trung tâm Kiểm soát bệnh tật tỉnh Bắc Giang
tt-phap-y                 |P|center  |   30|Giám đốc     |Trung tâm Pháp y                 |Trung tâm Pháp y tỉnh Bắc Giang
cd-ky-thuat-cong-nghiep   |P|school  |  280|Hiệu trưởng  |Trường CĐ Kỹ thuật Công nghiệp   |Trường Cao đẳng Kỹ thuật Công nghiệp Bắc Giang
cd-y-te                   |P|school  |  130|Hiệu trưởng  |Trường CĐ Y tế                   |Trường Cao đẳng Y tế Bắc Giang
cd-ngo-gia-tu             |P|school  |  190|Hiệu trưởng  |Trường CĐ Ngô Gia Tự             |Trường Cao đẳng Ngô Gia Tự Bắc Giang
truong-chinh-tri          |P|school  |   65|Hiệu trưởng  |Trường Chính trị tỉnh            |Trường Chính trị tỉnh Bắc Giang
tc-van-hoa                |P|school  |   70|Hiệu trưởng  |Trường TC Văn hóa, TT và DL      |Trường Trung cấp Văn hóa, Thể thao và Du lịch Bắc Giang
thpt-chuyen               |P|school  |  120|Hiệu trưởng  |Trường THPT Chuyên               |Trường Trung học phổ thông Chuyên Bắc Giang
dai-pt-th                 |P|media   |  230|Giám đốc     |Đài PT-TH tỉnh                   |Đài Phát thanh và Truyền hình Bắc Giang
bao-bac-giang             |P|media   |   95|Tổng Biên tập|Báo Bắc Giang                    |Báo Bắc Giang
bao-tang                  |P|center  |   35|Giám đốc     |Bảo tàng tỉnh                    |Bảo tàng tỉnh Bắc Giang
thu-vien                  |P|center  |   30|Giám đốc     |Thư viện tỉnh                    |Thư viện tỉnh Bắc Giang
tt-van-hoa-dien-anh       |P|center  |   50|Giám đốc     |Trung tâm Văn hóa - Điện ảnh     |Trung tâm Văn hóa - Điện ảnh tỉnh Bắc Giang
nha-hat-cheo              |P|center  |   70|Giám đốc     |Nhà hát Chèo                     |Nhà hát Chèo Bắc Giang
tt-the-thao               |P|center  |   70|Giám đốc     |Trung tâm HL và TĐ TDTT          |Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh Bắc Giang
tt-xuc-tien-dau-tu        |P|center  |   25|Giám đốc     |Trung tâm Xúc tiến đầu tư        |Trung tâm Xúc tiến đầu tư tỉnh Bắc Giang
tt-cntt                   |P|center  |   35|Giám đốc     |Trung tâm CNTT và TT             |Trung tâm Công nghệ thông tin và Truyền thông tỉnh Bắc Giang
tt-hanh-chinh-cong        |P|center  |   40|Giám đốc     |Trung tâm Phục vụ HCC            |Trung tâm Phục vụ hành chính công tỉnh Bắc Giang
tt-viec-lam               |P|center  |   55|Giám đốc     |Trung tâm Dịch vụ việc làm       |Trung tâm Dịch vụ việc làm tỉnh Bắc Giang
tt-tro-giup-phap-ly       |P|center  |   30|Giám đốc     |Trung tâm Trợ giúp pháp lý       |Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Giang
tt-quy-dat                |P|center  |   45|Giám đốc     |Trung tâm Phát triển quỹ đất     |Trung tâm Phát triển quỹ đất tỉnh Bắc Giang
tt-khuyen-nong            |P|center  |   70|Giám đốc     |Trung tâm Khuyến nông            |Trung tâm Khuyến nông tỉnh Bắc Giang
tt-bao-tro-xa-hoi         |P|center  |   65|Giám đốc     |Trung tâm Bảo trợ xã hội         |Trung tâm Bảo trợ xã hội tỉnh Bắc Giang
tt-dieu-duong             |P|center  |   40|Giám đốc     |Trung tâm Điều dưỡng NCC         |Trung tâm Điều dưỡng người có công tỉnh Bắc Giang
quy-dau-tu                |P|center  |   25|Giám đốc     |Quỹ Đầu tư phát triển            |Quỹ Đầu tư phát triển tỉnh Bắc Giang
tt-giam-dinh-y-khoa       |P|center  |   25|Giám đốc     |Trung tâm Giám định y khoa       |Trung tâm Giám định y khoa tỉnh Bắc Giang
tt-nuoc-sach              |P|center  |   45|Giám đốc     |Trung tâm Nước sạch và VSMTNT    |Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Bắc Giang
tt-tdc                    |P|center  |   30|Giám đốc     |Trung tâm Kỹ thuật TĐC           |Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tỉnh Bắc Giang
tt-quan-trac              |P|center  |   35|Giám đốc     |Trung tâm Quan trắc TN và MT     |Trung tâm Quan trắc tài nguyên và môi trường tỉnh Bắc Giang
tt-luu-tru                |P|center  |   25|Giám đốc     |Trung tâm Lưu trữ lịch sử        |Trung tâm Lưu trữ lịch sử tỉnh Bắc Giang
tt-dang-kiem              |P|center  |   30|Giám đốc     |Trung tâm Đăng kiểm              |Trung tâm Đăng kiểm xe cơ giới tỉnh Bắc Giang
bqlda-dan-dung            |P|center  |   55|Giám đốc     |BQLDA công trình dân dụng và CN  |Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh Bắc Giang
bqlda-giao-thong          |P|center  |   60|Giám đốc     |BQLDA công trình giao thông, NN  |Ban Quản lý dự án đầu tư xây dựng các công trình giao thông, nông nghiệp tỉnh Bắc Giang
bql-tay-yen-tu            |P|center  |   45|Trưởng ban   |Ban Quản lý KBT Tây Yên Tử       |Ban Quản lý Khu bảo tồn thiên nhiên Tây Yên Tử
vp-dang-ky-dat-dai        |P|center  |  260|Giám đốc     |Văn phòng Đăng ký đất đai        |Văn phòng Đăng ký đất đai tỉnh Bắc Giang
ttyt-tp-bac-giang         |P|hospital|  290|Giám đốc     |Trung tâm Y tế TP Bắc Giang      |Trung tâm Y tế thành phố Bắc Giang
"""  # noqa: E501


def _parse_agencies(table: str) -> tuple[AgencySpec, ...]:
    rows = [[field.strip() for field in line.split("|")] for line in table.strip().splitlines()]
    return tuple(
        AgencySpec(name, label, code, kind == "P", profile, int(size), head)
        for code, kind, profile, size, head, label, name in rows
    )


AGENCIES = _parse_agencies(_AGENCY_TABLE)
