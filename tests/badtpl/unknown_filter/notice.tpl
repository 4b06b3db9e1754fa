@title {{ notice_date | cn_dat }}
