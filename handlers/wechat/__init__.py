"""The WeChat channels (Official Account and WeCom 微信客服), served inside the web app."""

from handlers.wechat.mount import mount_wechat, wechat_enabled

__all__ = ["mount_wechat", "wechat_enabled"]
