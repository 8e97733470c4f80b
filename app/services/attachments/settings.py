"""The attachment store's settings (declared in the 组织生活 area, which owns the store)."""

from app.kit.settings import Setting

MAX_MB = "attachments.max_mb"

SETTINGS = (
    Setting(MAX_MB, 20, "附件大小上限（MB，每个附件）",
            source="本软件默认：照片、扫描件和课件一般不超过 20 MB，数据文件夹和备份不致过大"),
)
