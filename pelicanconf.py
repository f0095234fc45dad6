"""本平台的设置文件：只写本平台要改的设置，没有写的取默认值。

运行 publish.py settings 列出全部设置：说明、可选的值、默认值和这里的当前值。
公示规则的数额（公示时限、撤下时限、公示期、较低数额罚款）默认按国家规定（../shared/domain/RULES.md）；
本省另有规定的，在这里写要改的项，字典只写要改的键，如 PUBLICATION_DEADLINE_DAYS = {"licenses": 5}。
"""

# 主办单位：显示在每个页面的页脚，并写入开放数据说明和订阅源
SITE_OWNER = "示范县人民政府司法局"
# 网站的公开地址：二维码、订阅源和网站地图用它；页面之间用相对链接，放在子路径下也可以
SITEURL = "https://zfgs.example.gov.cn"
# 网站域名：写入每个页面的 SiteDomain 元数据（国办发〔2017〕47号）
SITE_DOMAIN = "zfgs.example.gov.cn"
# 网站标识码：随网站开办登记取得，10 位，写入每个页面的 SiteIDCode 元数据并显示在页脚
SITE_ID_CODE = "0000000000"
