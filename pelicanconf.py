"""The portal's one settings file: Pelican's settings, the portal's own (PORTAL_*), and the rule settings.

Rule figures default to the national rules (../shared/domain/RULES.md); change them here
where a province sets its own.
"""

SITENAME = "行政执法公示平台"
SITE_OWNER = "示范县人民政府司法局"  # 主办单位, shown in every page's footer
# Where the web server finds the deployed site: DEST/current after `publish.py deploy DEST`, or the remote
# path of `publish.py deploy user@host:/path`. Only build/deploy/nginx.conf uses it.
DEPLOY_WEBROOT = "/srv/zfgs/current"
SITEURL = "https://zfgs.example.gov.cn"  # the public address; pages link relatively, so any sub-path works
# 国办发〔2017〕47号 page metadata: every page carries these in its <head>.
SITE_DOMAIN = "zfgs.example.gov.cn"  # SiteDomain: the site's domain name
SITE_ID_CODE = "0000000000"  # SiteIDCode: 网站标识码, issued with the site's registration (10 characters)
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"

PATH = "content"
THEME = "theme"
PLUGINS = ["disclosure.site.plugin"]

# The portal's record pages are not Pelican articles: only the hand-written pages in content/ are.
RELATIVE_URLS = True
PAGE_PATHS = [""]
ARTICLE_PATHS = []
PAGE_URL = PAGE_SAVE_AS = "{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
STATIC_PATHS = []
THEME_STATIC_PATHS = []  # the plugin copies theme/static with content hashes in the names
DELETE_OUTPUT_DIRECTORY = False
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

PORTAL_PAGE_SIZE = 50  # rows per listing page

# ---- publication rules (../shared/domain/RULES.md); the national figures are the defaults ----
PUBLICATION_DEADLINE_DAYS = {"penalties": 7, "licenses": 7, "other-decisions": 20, "spot-checks": 20}
PUBLICATION_DEADLINE_UNIT = "working"  # "working" (工作日, with holidays and 调休) or "calendar" (自然日)
WITHDRAWAL_DEADLINE_DAYS = 3  # 《行政处罚法》Art. 48: withdrawn within 3 days of the change
WITHDRAWAL_DEADLINE_UNIT = "calendar"  # some sectors count working days (市场监管总局令第45号 Art. 11)
SHORT_PUBLICITY_MONTHS = 3  # 通报批评 or a 较低数额 fine
LONG_PUBLICITY_YEARS = 3  # other penalties (a longer 处罚有效期 wins)
# 较低数额罚款 in 万元 by 行政相对人类别, set per province; the default is 《行政处罚法》Art. 51's
LOW_FINE_WAN_YUAN = {"自然人": "0.02", "个体工商户": "0.02", "法人及非法人组织": "0.3"}
