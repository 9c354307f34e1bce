"""Vietnamese translations of the third-party strings a phoihop user can meet: allauth's, Django REST
framework's validation and error messages, and the few Django validation messages Django's own `vi` catalogue
leaves untranslated.

Run `python scripts/vendor_vi.py` to regenerate phoihop/locale_vendor/vi/LC_MESSAGES/django.po, then
`make messages` compiles it. allauth ships no Vietnamese catalogue and DRF's has 21 messages; LOCALE_PATHS
takes precedence over both. English needs nothing: these msgids are English already.
"""

from __future__ import annotations

import datetime
from pathlib import Path

T: dict[str, str] = {
    "This account is currently inactive.": "Tài khoản này hiện đang bị khóa.",
    "You cannot remove your primary email address.": "Không thể xóa địa chỉ thư điện tử chính.",
    "This email address is already associated with this account.": (
        "Địa chỉ thư điện tử này đã gắn với tài khoản."
    ),
    "The email address and/or password you specified are not correct.": (
        "Địa chỉ thư điện tử hoặc mật khẩu không đúng."
    ),
    "The phone number and/or password you specified are not correct.": (
        "Số điện thoại hoặc mật khẩu không đúng."
    ),
    "A user is already registered with this email address.": (
        "Địa chỉ thư điện tử này đã được dùng cho tài khoản khác."
    ),
    "Please type your current password.": "Vui lòng nhập mật khẩu hiện tại.",
    "Incorrect code.": "Mã không đúng.",
    "Incorrect password.": "Mật khẩu không đúng.",
    "Invalid or expired key.": "Khóa không hợp lệ hoặc đã hết hạn.",
    "Invalid login.": "Đăng nhập không hợp lệ.",
    "The password reset token was invalid.": "Mã đặt lại mật khẩu không hợp lệ.",
    "You cannot add more than %d email addresses.": "Không thể thêm quá %d địa chỉ thư điện tử.",
    "A user is already registered with this phone number.": (
        "Số điện thoại này đã được dùng cho tài khoản khác."
    ),
    "Too many failed login attempts. Try again later.": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.",
    (
        "The email address is not assigned to any user account."
    ): "Địa chỉ thư điện tử không thuộc tài khoản nào.",
    "The phone number is not assigned to any user account.": "Số điện thoại không thuộc tài khoản nào.",
    "Your primary email address must be verified.": "Địa chỉ thư điện tử chính phải được xác minh.",
    "Username can not be used. Please use other username.": (
        "Không dùng được tên đăng nhập này. Hãy chọn tên khác."
    ),
    "The username and/or password you specified are not correct.": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "Please select only one.": "Chỉ chọn một.",
    "The new value must be different from the current one.": "Giá trị mới phải khác giá trị hiện tại.",
    "Be patient, you are sending too many requests.": "Bạn gửi quá nhiều yêu cầu; vui lòng đợi một lát.",
    "Use your password": "Dùng mật khẩu",
    "Send me a sign-in code": "Gửi mã đăng nhập cho tôi",
    "Use authenticator app or code": "Dùng ứng dụng xác thực hoặc mã khôi phục",
    "Use a security key": "Dùng khóa bảo mật",
    "Email": "Thư điện tử",
    "Phone": "Điện thoại",
    "You must type the same password each time.": "Hai lần nhập mật khẩu phải giống nhau.",
    "Password": "Mật khẩu",
    "Remember Me": "Ghi nhớ đăng nhập",
    "Username": "Tên đăng nhập",
    "Login": "Tên đăng nhập",
    "Username, email or phone": "Tên đăng nhập, thư điện tử hoặc điện thoại",
    "Username or email": "Tên đăng nhập hoặc thư điện tử",
    "Username or phone": "Tên đăng nhập hoặc điện thoại",
    "Email or phone": "Thư điện tử hoặc điện thoại",
    "Email (again)": "Thư điện tử (nhập lại)",
    "Email address confirmation": "Xác nhận địa chỉ thư điện tử",
    "Email (optional)": "Thư điện tử (không bắt buộc)",
    "Username (optional)": "Tên đăng nhập (không bắt buộc)",
    "You must type the same email each time.": "Hai lần nhập thư điện tử phải giống nhau.",
    "Password (again)": "Mật khẩu (nhập lại)",
    "Current Password": "Mật khẩu hiện tại",
    "New Password": "Mật khẩu mới",
    "New Password (again)": "Mật khẩu mới (nhập lại)",
    "Code": "Mã xác thực",
    "user": "người dùng",
    "email address": "địa chỉ thư điện tử",
    "verified": "đã xác minh",
    "primary": "chính",
    "email addresses": "địa chỉ thư điện tử",
    "created": "tạo lúc",
    "sent": "gửi lúc",
    "key": "khóa",
    "email confirmation": "xác nhận thư điện tử",
    "email confirmations": "xác nhận thư điện tử",
    "You cannot add an email address to an account protected by two-factor authentication.": (
        "Không thể thêm thư điện tử cho tài khoản đang bật xác thực hai lớp."
    ),
    "You cannot deactivate two-factor authentication.": (
        "Không được tắt xác thực hai lớp: phoihop bắt buộc dùng."
    ),
    "You cannot generate recovery codes without having two-factor authentication enabled.": (
        "Phải bật xác thực hai lớp trước khi tạo mã khôi phục."
    ),
    "You cannot activate two-factor authentication until you have verified your email address.": (
        "Phải xác minh thư điện tử trước khi bật xác thực hai lớp."
    ),
    "Master key": "Khóa chính",
    "Backup key": "Khóa dự phòng",
    "Key nr. {number}": "Khóa số {number}",
    "MFA": "Xác thực hai lớp",
    "Recovery codes": "Mã khôi phục",
    "TOTP Authenticator": "Ứng dụng tạo mã OTP",
    "WebAuthn": "Khóa bảo mật (WebAuthn)",
    "Authenticator code": "Mã từ ứng dụng xác thực",
    "Passwordless": "Không cần mật khẩu",
    (
        "Enabling passwordless operation allows you to sign in using just this key, "
        "but imposes additional requirements such as biometrics or PIN protection."
    ): (
        "Chế độ không mật khẩu cho phép đăng nhập chỉ bằng khóa "
        "này, nhưng khóa phải có sinh trắc học hoặc mã PIN."
    ),
    "Key": "Khóa",
    "Cancel": "Hủy",
    "Account Inactive": "Tài khoản bị khóa",
    "This account is inactive.": "Tài khoản này đang bị khóa.",
    "We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon.": (
        "Đã gửi mã tới %(recipient)s. Mã sắp hết hạn, hãy nhập ngay."
    ),
    "Confirm": "Xác nhận",
    "Request new code": "Xin mã mới",
    "Confirm Access": "Xác nhận lại danh tính",
    "Please reauthenticate to safeguard your account.": "Vui lòng xác thực lại để bảo vệ tài khoản.",
    "Alternative options": "Cách khác",
    "Sign In": "Đăng nhập",
    "Remove": "Gỡ bỏ",
    "Change Email": "Đổi thư điện tử",
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.": (
        "Tài khoản do quản trị viên cấp; liên hệ quản trị viên nếu bạn chưa có."
    ),
    "Sign in with a passkey": "Đăng nhập bằng khóa bảo mật",
    "Sign Out": "Đăng xuất",
    "Are you sure you want to sign out?": "Bạn có chắc muốn đăng xuất?",
    "Successfully signed in as %(name)s.": "Đã đăng nhập: %(name)s.",
    "You have signed out.": "Bạn đã đăng xuất.",
    "Password successfully changed.": "Đã đổi mật khẩu.",
    "Password successfully set.": "Đã đặt mật khẩu.",
    "Change Password": "Đổi mật khẩu",
    "Set Password": "Đặt mật khẩu",
    "Enter your password:": "Nhập mật khẩu:",
    "Sign Up": "Đăng ký",
    "Sign Up Closed": "Không tự đăng ký được",
    "We are sorry, but the sign up is currently closed.": "Tài khoản chỉ do quản trị viên cấp.",
    "Messages:": "Thông báo:",
    "Menu:": "Menu:",
    "Account Connections": "Tài khoản liên kết",
    "Two-Factor Authentication": "Xác thực hai lớp",
    "Sessions": "Phiên đăng nhập",
    "Your account is protected by two-factor authentication. Please enter an authenticator code:": (
        "Tài khoản được bảo vệ bằng xác thực hai lớp. Nhập mã "
        "6 số từ ứng dụng xác thực (hoặc một mã khôi phục):"
    ),
    (
        "A new set of Two-Factor Authentication recovery codes has been generated."
    ): "Đã tạo bộ mã khôi phục mới.",
    "New Recovery Codes Generated": "Đã tạo mã khôi phục mới",
    "Authenticator app activated.": "Đã bật ứng dụng xác thực.",
    "Authenticator App Activated": "Đã bật ứng dụng xác thực",
    "Authenticator app deactivated.": "Đã tắt ứng dụng xác thực.",
    "Authenticator App Deactivated": "Đã tắt ứng dụng xác thực",
    "A new security key has been added.": "Đã thêm khóa bảo mật mới.",
    "Security Key Added": "Đã thêm khóa bảo mật",
    "A security key has been removed.": "Đã gỡ một khóa bảo mật.",
    "Security Key Removed": "Đã gỡ khóa bảo mật",
    "Authenticator App": "Ứng dụng xác thực",
    "Authentication using an authenticator app is active.": "Xác thực bằng ứng dụng tạo mã đang bật.",
    "An authenticator app is not active.": "Chưa bật ứng dụng xác thực.",
    "Deactivate": "Tắt",
    "Activate": "Bật",
    "Security Keys": "Khóa bảo mật",
    "No security keys have been added.": "Chưa thêm khóa bảo mật nào.",
    "Manage": "Quản lý",
    "Add": "Thêm",
    "Recovery Codes": "Mã khôi phục",
    "No recovery codes set up.": "Chưa có mã khôi phục.",
    "View": "Xem",
    "Download": "Tải về",
    "Generate": "Tạo mới",
    "A new set of recovery codes has been generated.": "Đã tạo bộ mã khôi phục mới.",
    "Save them  in a secure location now — they won't be shown again.": (
        "Hãy cất giữ ngay ở nơi an toàn — các mã sẽ không hiện lại."
    ),
    "Security key added.": "Đã thêm khóa bảo mật.",
    "Security key removed.": "Đã gỡ khóa bảo mật.",
    "Enter an authenticator code:": "Nhập mã từ ứng dụng xác thực:",
    "You are about to generate a new set of recovery codes for your account.": (
        "Bạn sắp tạo bộ mã khôi phục mới."
    ),
    "This action will invalidate your existing codes.": "Các mã cũ sẽ hết hiệu lực.",
    "Are you sure?": "Bạn có chắc không?",
    "Unused codes": "Mã chưa dùng",
    "Download codes": "Tải mã về",
    "Generate new codes": "Tạo mã mới",
    "I have saved my recovery codes": "Tôi đã cất giữ mã khôi phục",
    "Activate Authenticator App": "Bật ứng dụng xác thực",
    (
        "To protect your account with two-factor authentication, scan the QR code below with "
        "your authenticator app. Then, input the verification code generated by the app below."
    ): (
        "Để bảo vệ tài khoản bằng xác thực hai lớp, dùng ứng dụng xác thực trên "
        "điện thoại quét mã QR dưới đây, rồi nhập mã 6 số mà ứng dụng hiển thị."
    ),
    "Authenticator secret": "Khóa bí mật của ứng dụng xác thực",
    "You can store this secret and use it to reinstall your authenticator app at a later time.": (
        "Có thể nhập khóa này bằng tay nếu không quét được mã QR. Giữ bí mật."
    ),
    "Deactivate Authenticator App": "Tắt ứng dụng xác thực",
    "You are about to deactivate authenticator app based authentication. Are you sure?": (
        "Bạn sắp tắt xác thực bằng ứng dụng. Bạn có chắc không?"
    ),
    "Trust this Browser?": "Tin cậy trình duyệt này?",
    (
        "If you choose to trust this browser, you will not be "
        "asked for a verification code the next time you sign in."
    ): "Nếu tin cậy trình duyệt này, lần đăng nhập sau sẽ không hỏi mã xác thực.",
    "Trust for %(period)s": "Tin cậy trong %(period)s",
    "Don't Trust": "Không tin cậy",
    "Add Security Key": "Thêm khóa bảo mật",
    "Remove Security Key": "Gỡ khóa bảo mật",
    "Are you sure you want to remove this security key?": "Bạn có chắc muốn gỡ khóa bảo mật này?",
    "Usage": "Cách dùng",
    "Passkey": "Khóa đăng nhập (passkey)",
    "Security key": "Khóa bảo mật",
    "This key does not indicate whether it is a passkey.": (
        "Khóa này không cho biết có phải passkey hay không."
    ),
    "Unspecified": "Không xác định",
    "Added on %(created_at)s": "Thêm lúc %(created_at)s",
    "Last used %(last_used)s": "Dùng lần cuối %(last_used)s",
    "Edit": "Sửa",
    "Edit Security Key": "Sửa khóa bảo mật",
    "Save": "Lưu",
    "Create Passkey": "Tạo passkey",
    (
        "You are about to create a passkey for your account. As you can add additional "
        "keys later on, you can use a descriptive name to tell the keys apart."
    ): "Bạn sắp tạo passkey cho tài khoản. Đặt tên dễ nhận biết để phân biệt các khóa.",
    "Create": "Tạo",
    "This functionality requires JavaScript.": "Chức năng này cần JavaScript.",
    "Signed out of all other sessions.": "Đã đăng xuất mọi phiên khác.",
    "Started At": "Bắt đầu lúc",
    "IP Address": "Địa chỉ IP",
    "Browser": "Trình duyệt",
    "Last seen at": "Hoạt động gần nhất",
    "Current": "Phiên này",
    "Sign Out Other Sessions": "Đăng xuất mọi phiên khác",
    "User Sessions": "Phiên đăng nhập",
    "session key": "khóa phiên",
}
# Django REST framework's user-facing validation and error messages (rest_framework 3.x: fields.py,
# relations.py, serializers.py, exceptions.py, authentication.py, validators.py, pagination.py,
# versioning.py). DRF ships 21 of them in Vietnamese; an API caller must never meet the rest in English.
# Placeholders stay exactly as in the msgid.
DRF: dict[str, str] = {
    # exceptions.py
    "A server error occurred.": "Lỗi máy chủ.",
    "Invalid input.": "Dữ liệu không hợp lệ.",
    "Malformed request.": "Yêu cầu sai định dạng.",
    "Incorrect authentication credentials.": "Thông tin xác thực không đúng.",
    "Authentication credentials were not provided.": "Chưa gửi thông tin xác thực.",
    "You do not have permission to perform this action.": "Bạn không có quyền thực hiện thao tác này.",
    "Not found.": "Không tìm thấy.",
    'Method "{method}" not allowed.': "Không cho phép phương thức “{method}”.",
    "Could not satisfy the request Accept header.": "Không đáp ứng được tiêu đề Accept của yêu cầu.",
    'Unsupported media type "{media_type}" in request.': (
        "Không hỗ trợ kiểu nội dung “{media_type}” trong yêu cầu."
    ),
    "Request was throttled.": "Gửi quá nhiều yêu cầu; vui lòng thử lại sau.",
    # authentication.py
    "Invalid basic header. No credentials provided.": (
        "Tiêu đề Basic không hợp lệ: không có thông tin xác thực."
    ),
    "Invalid basic header. Credentials string should not contain spaces.": (
        "Tiêu đề Basic không hợp lệ: thông tin xác thực không được chứa dấu cách."
    ),
    "Invalid basic header. Credentials not correctly base64 encoded.": (
        "Tiêu đề Basic không hợp lệ: thông tin xác thực không được mã hóa base64 đúng."
    ),
    "Invalid username/password.": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "User inactive or deleted.": "Tài khoản đã bị khóa hoặc bị xóa.",
    "Invalid token header. No credentials provided.": "Tiêu đề Token không hợp lệ: không có khóa.",
    "Invalid token header. Token string should not contain spaces.": (
        "Tiêu đề Token không hợp lệ: khóa không được chứa dấu cách."
    ),
    "Invalid token header. Token string should not contain invalid characters.": (
        "Tiêu đề Token không hợp lệ: khóa chứa ký tự không hợp lệ."
    ),
    "Invalid token.": "Khóa API không hợp lệ.",
    # fields.py
    "This field is required.": "Trường này là bắt buộc.",
    "This field may not be null.": "Trường này không được để trống (null).",
    "Must be a valid boolean.": "Phải là giá trị đúng/sai (true hoặc false).",
    "Not a valid string.": "Phải là một chuỗi ký tự.",
    "This field may not be blank.": "Trường này không được để trống.",
    (
        "Ensure this field has no more than {max_length} characters."
    ): "Trường này dài tối đa {max_length} ký tự.",
    "Ensure this field has at least {min_length} characters.": (
        "Trường này phải dài ít nhất {min_length} ký tự."
    ),
    "Enter a valid email address.": "Nhập một địa chỉ thư điện tử hợp lệ.",
    "This value does not match the required pattern.": "Giá trị không đúng mẫu yêu cầu.",
    'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.': (
        "Nhập một “slug” hợp lệ, chỉ gồm chữ cái, chữ số, dấu gạch dưới hoặc dấu gạch ngang."
    ),
    'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.': (
        "Nhập một “slug” hợp lệ, chỉ gồm chữ cái Unicode, chữ số, dấu gạch dưới hoặc dấu gạch ngang."
    ),
    "Enter a valid URL.": "Nhập một địa chỉ URL hợp lệ.",
    "Must be a valid UUID.": "Phải là một UUID hợp lệ.",
    "Enter a valid IPv4 or IPv6 address.": "Nhập một địa chỉ IPv4 hoặc IPv6 hợp lệ.",
    "A valid integer is required.": "Phải là một số nguyên hợp lệ.",
    "Ensure this value is less than or equal to {max_value}.": "Giá trị phải nhỏ hơn hoặc bằng {max_value}.",
    "Ensure this value is greater than or equal to {min_value}.": (
        "Giá trị phải lớn hơn hoặc bằng {min_value}."
    ),
    "String value too large.": "Chuỗi số quá dài.",
    "A valid biginteger is required.": "Phải là một số nguyên (kiểu lớn) hợp lệ.",
    "A valid number is required.": "Phải là một số hợp lệ.",
    "Integer value too large to convert to float": "Số nguyên quá lớn, không chuyển được sang số thực",
    "Ensure that there are no more than {max_digits} digits in total.": (
        "Tổng số chữ số không được quá {max_digits}."
    ),
    "Ensure that there are no more than {max_decimal_places} decimal places.": (
        "Phần thập phân không được quá {max_decimal_places} chữ số."
    ),
    "Ensure that there are no more than {max_whole_digits} digits before the decimal point.": (
        "Phần nguyên không được quá {max_whole_digits} chữ số."
    ),
    "Datetime has wrong format. Use one of these formats instead: {format}.": (
        "Ngày giờ sai định dạng. Hãy dùng một trong các định dạng: {format}."
    ),
    "Expected a datetime but got a date.": "Cần ngày kèm giờ nhưng chỉ nhận được ngày.",
    'Invalid datetime for the timezone "{timezone}".': "Ngày giờ không hợp lệ ở múi giờ “{timezone}”.",
    "Datetime value out of range.": "Ngày giờ nằm ngoài phạm vi cho phép.",
    "Date has wrong format. Use one of these formats instead: {format}.": (
        "Ngày sai định dạng. Hãy dùng một trong các định dạng: {format}."
    ),
    "Expected a date but got a datetime.": "Cần ngày nhưng nhận được ngày kèm giờ.",
    "Time has wrong format. Use one of these formats instead: {format}.": (
        "Giờ sai định dạng. Hãy dùng một trong các định dạng: {format}."
    ),
    "Duration has wrong format. Use one of these formats instead: {format}.": (
        "Khoảng thời gian sai định dạng. Hãy dùng một trong các định dạng: {format}."
    ),
    "The number of days must be between {min_days} and {max_days}.": (
        "Số ngày phải từ {min_days} đến {max_days}."
    ),
    '"{input}" is not a valid choice.': "“{input}” không phải là lựa chọn hợp lệ.",
    "More than {count} items...": "Hơn {count} mục...",
    'Expected a list of items but got type "{input_type}".': (
        "Cần một danh sách nhưng nhận được kiểu “{input_type}”."
    ),
    "This selection may not be empty.": "Phải chọn ít nhất một mục.",
    '"{input}" is not a valid path choice.': "“{input}” không phải là đường dẫn hợp lệ để chọn.",
    "No file was submitted.": "Chưa gửi tệp nào.",
    "The submitted data was not a file. Check the encoding type on the form.": (
        "Dữ liệu gửi lên không phải là tệp. Hãy kiểm tra kiểu mã hóa (enctype) của biểu mẫu."
    ),
    "No filename could be determined.": "Không xác định được tên tệp.",
    "The submitted file is empty.": "Tệp gửi lên rỗng.",
    "Ensure this filename has at most {max_length} characters (it has {length}).": (
        "Tên tệp dài tối đa {max_length} ký tự (tên này có {length})."
    ),
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.": (
        "Hãy tải lên một ảnh hợp lệ. Tệp đã tải lên không phải là ảnh hoặc đã bị hỏng."
    ),
    "This list may not be empty.": "Danh sách không được rỗng.",
    (
        "Ensure this field has at least {min_length} elements."
    ): "Danh sách phải có ít nhất {min_length} phần tử.",
    "Ensure this field has no more than {max_length} elements.": "Danh sách có tối đa {max_length} phần tử.",
    'Expected a dictionary of items but got type "{input_type}".': (
        "Cần một đối tượng JSON nhưng nhận được kiểu “{input_type}”."
    ),
    "This dictionary may not be empty.": "Đối tượng này không được rỗng.",
    "Value must be valid JSON.": "Giá trị phải là JSON hợp lệ.",
    # relations.py
    'Invalid pk "{pk_value}" - object does not exist.': (
        "Khóa “{pk_value}” không hợp lệ: không có đối tượng này."
    ),
    "Incorrect type. Expected pk value, received {data_type}.": (
        "Sai kiểu: cần khóa của đối tượng nhưng nhận được {data_type}."
    ),
    "Invalid hyperlink - No URL match.": "Liên kết không hợp lệ: không khớp địa chỉ nào.",
    "Invalid hyperlink - Incorrect URL match.": "Liên kết không hợp lệ: khớp sai địa chỉ.",
    "Invalid hyperlink - Object does not exist.": "Liên kết không hợp lệ: không có đối tượng này.",
    "Incorrect type. Expected URL string, received {data_type}.": (
        "Sai kiểu: cần chuỗi địa chỉ URL nhưng nhận được {data_type}."
    ),
    "Object with {slug_name}={value} does not exist.": "Không có đối tượng với {slug_name}={value}.",
    "Invalid value.": "Giá trị không hợp lệ.",
    # serializers.py
    "Invalid data. Expected a dictionary, but got {datatype}.": (
        "Dữ liệu không hợp lệ: cần một đối tượng JSON nhưng nhận được {datatype}."
    ),
    # validators.py
    "This field must be unique.": "Giá trị này đã tồn tại; trường này phải là duy nhất.",
    "The fields {field_names} must make a unique set.": (
        "Bộ giá trị của các trường {field_names} phải là duy nhất."
    ),
    "Surrogate characters are not allowed: U+{code_point:X}.": (
        "Không được dùng ký tự thay thế (surrogate): U+{code_point:X}."
    ),
    'This field must be unique for the "{date_field}" date.': (
        "Trường này phải là duy nhất trong cùng ngày của “{date_field}”."
    ),
    'This field must be unique for the "{date_field}" month.': (
        "Trường này phải là duy nhất trong cùng tháng của “{date_field}”."
    ),
    'This field must be unique for the "{date_field}" year.': (
        "Trường này phải là duy nhất trong cùng năm của “{date_field}”."
    ),
    # pagination.py
    "Invalid page.": "Trang không hợp lệ.",
    "Invalid cursor": "Con trỏ phân trang không hợp lệ",
    # versioning.py
    'Invalid version in "Accept" header.': "Phiên bản trong tiêu đề “Accept” không hợp lệ.",
    "Invalid version in URL path.": "Phiên bản trong đường dẫn URL không hợp lệ.",
    "Invalid version in URL path. Does not match any version namespace.": (
        "Phiên bản trong đường dẫn URL không hợp lệ: không khớp phiên bản nào."
    ),
    "Invalid version in hostname.": "Phiên bản trong tên máy chủ không hợp lệ.",
    "Invalid version in query parameter.": "Phiên bản trong tham số truy vấn không hợp lệ.",
}
# Django's validation messages that its own `vi` catalogue leaves untranslated (model and form fields,
# validators, paginator); the rest of Django's `vi` catalogue is good and is used as it is.
DJANGO: dict[str, str] = {
    # Django's own vi catalogue says these wrongly ("số tổng thể"; a space before the full stop).
    "Enter a whole number.": "Nhập một số nguyên.",
    "Ensure this value is greater than or equal to %(limit_value)s.": (
        "Giá trị phải lớn hơn hoặc bằng %(limit_value)s."
    ),
    "Ensure this value is less than or equal to %(limit_value)s.": (
        "Giá trị phải nhỏ hơn hoặc bằng %(limit_value)s."
    ),
    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.": (
        "Nhập một “slug” hợp lệ, chỉ gồm chữ cái, chữ số, dấu gạch dưới hoặc dấu gạch ngang."
    ),
    "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.": (
        "Nhập một “slug” hợp lệ, chỉ gồm chữ cái Unicode, chữ số, dấu gạch dưới hoặc dấu gạch ngang."
    ),
    "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.": (
        "Không cho phép phần mở rộng tệp “%(extension)s”. Các phần mở rộng được phép: %(allowed_extensions)s."
    ),
    "Null characters are not allowed.": "Không được chứa ký tự NUL.",
    "“%(value)s” value must be either True or False.": "Giá trị “%(value)s” phải là True hoặc False.",
    "“%(value)s” value must be either True, False, or None.": (
        "Giá trị “%(value)s” phải là True, False hoặc None."
    ),
    "“%(value)s” value must be either None, True or False.": (
        "Giá trị “%(value)s” phải là None, True hoặc False."
    ),
    "“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.": (
        "Giá trị “%(value)s” sai định dạng ngày: phải theo dạng YYYY-MM-DD."
    ),
    "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.": (
        "Giá trị “%(value)s” đúng định dạng (YYYY-MM-DD) nhưng không phải là ngày có thật."
    ),
    "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.": (
        "Giá trị “%(value)s” sai định dạng: phải theo dạng YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]."
    ),
    (
        "“%(value)s” value has the correct format (YYYY-MM-DD "
        "HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    ): (
        "Giá trị “%(value)s” đúng định dạng (YYYY-MM-DD "
        "HH:MM[:ss[.uuuuuu]][TZ]) nhưng không phải là ngày giờ có thật."
    ),
    "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.": (
        "Giá trị “%(value)s” sai định dạng: phải theo dạng [DD] [[HH:]MM:]ss[.uuuuuu]."
    ),
    "“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.": (
        "Giá trị “%(value)s” sai định dạng: phải theo dạng HH:MM[:ss[.uuuuuu]]."
    ),
    "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.": (
        "Giá trị “%(value)s” đúng định dạng (HH:MM[:ss[.uuuuuu]]) nhưng không phải là giờ có thật."
    ),
    "“%(value)s” value must be a decimal number.": "Giá trị “%(value)s” phải là số thập phân.",
    "“%(value)s” value must be a float.": "Giá trị “%(value)s” phải là số thực.",
    "“%(value)s” value must be an integer.": "Giá trị “%(value)s” phải là số nguyên.",
    "“%(value)s” is not a valid UUID.": "“%(value)s” không phải là UUID hợp lệ.",
    "%(model)s instance with %(field)s %(value)r does not exist.": (
        "Không có %(model)s với %(field)s %(value)r."
    ),
    "Enter a valid duration.": "Nhập một khoảng thời gian hợp lệ.",
    "Enter a complete value.": "Nhập đầy đủ giá trị.",
    "Enter a valid UUID.": "Nhập một UUID hợp lệ.",
    "Enter a valid JSON.": "Nhập JSON hợp lệ.",
    "“%(pk)s” is not a valid value.": "“%(pk)s” không phải là giá trị hợp lệ.",
    (
        "%(datetime)s couldn’t be interpreted in time zone "
        "%(current_timezone)s; it may be ambiguous or it may not exist."
    ): (
        "Không xác định được %(datetime)s ở múi giờ %(current_timezone)s: "
        "thời điểm này có thể mơ hồ hoặc không tồn tại."
    ),
    "This is not a valid IPv6 address.": "Đây không phải là địa chỉ IPv6 hợp lệ.",
    "That page number is not an integer": "Số trang không phải là số nguyên",
    "That page number is less than 1": "Số trang nhỏ hơn 1",
    "That page contains no results": "Trang này không có kết quả",
}
PLURALS: dict[str, str] = {
    "You have added %(count)s security key.": "Bạn đã thêm %(count)s khóa bảo mật.",
    "There is %(unused_count)s out of %(total_count)s recovery codes available.": (
        "Còn %(unused_count)s trên %(total_count)s mã khôi phục chưa dùng."
    ),
    "Expected available in {wait} second.": "Có thể thử lại sau {wait} giây.",
}
PLURAL_IDS = {
    "You have added %(count)s security key.": "You have added %(count)s security keys.",
    "There is %(unused_count)s out of %(total_count)s recovery codes available.": (
        "There are %(unused_count)s out of %(total_count)s recovery codes available."
    ),
    "Expected available in {wait} second.": "Expected available in {wait} seconds.",
}
CONTEXT = {"Login": "field label"}


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "phoihop/locale_vendor/vi/LC_MESSAGES/django.po"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Vietnamese translations of third-party strings "
        "(django-allauth, Django REST framework, Django) for phoihop.",
        "# Generated by scripts/vendor_vi.py — edit there.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: vi\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
        f'"PO-Revision-Date: {datetime.date(2026, 11, 29).isoformat()}\\n"',
        "",
    ]
    singles = [*T.items(), *DRF.items(), *DJANGO.items()]
    repeated = {msgid for msgid, _ in singles if [m for m, _ in singles].count(msgid) > 1}
    if repeated:  # the same msgid twice makes the catalogue invalid (msgfmt refuses it)
        raise SystemExit(f"translated twice: {sorted(repeated)}")
    for msgid, msgstr in singles:
        if msgid in CONTEXT:
            lines.append(f'msgctxt "{esc(CONTEXT[msgid])}"')
        lines += [f'msgid "{esc(msgid)}"', f'msgstr "{esc(msgstr)}"', ""]
    for msgid, msgstr in PLURALS.items():
        lines += [
            f'msgid "{esc(msgid)}"',
            f'msgid_plural "{esc(PLURAL_IDS[msgid])}"',
            f'msgstr[0] "{esc(msgstr)}"',
            "",
        ]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out} ({len(singles) + len(PLURALS)} messages)")


if __name__ == "__main__":
    main()
