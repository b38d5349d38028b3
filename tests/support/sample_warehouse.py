"""A small warehouse in the shapes of the real reporting schema, built in SQL for the report tests.

Used until (and beside) the real refresh output: the shares are computed from a handful of
flows, so they are consistent, and the claims are the article's real 27 claims.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from support import REPO

CLAIMS_CSV = REPO / "raw" / "claims" / "article_claims.csv"
HOSTILE_TITLE = '<script>alert("hostile title")</script>'
HOSTILE_QUOTE = "<img src=x onerror=alert(2)>"

SCHEMA_SQL = """
CREATE SCHEMA marts; CREATE SCHEMA reporting;
CREATE TABLE marts.dim_sources (source_id VARCHAR, publisher VARCHAR, title VARCHAR,
    url VARCHAR, licence VARCHAR, retrieved DATE);
INSERT INTO marts.dim_sources VALUES
  ('imf_dots', 'IMF', 'Direction of Trade Statistics', 'https://data.imf.org/dots',
   'IMF terms', DATE '2026-11-20'),
  ('kaz_bns', 'Bureau of National Statistics', 'Foreign trade of Kazakhstan',
   'https://stat.gov.kz', 'open', DATE '2026-11-21'),
  ('deals_2025', 'White House', 'Fact sheet: Central Asia deals', 'https://www.whitehouse.gov/',
   'public domain', DATE '2026-11-22');
CREATE TABLE marts.dim_countries (country_iso3 VARCHAR, name VARCHAR);
INSERT INTO marts.dim_countries VALUES ('KAZ','Kazakhstan'),('KGZ','Kyrgyzstan'),
  ('TJK','Tajikistan'),('TKM','Turkmenistan'),('UZB','Uzbekistan'),('CHN','China'),
  ('RUS','Russia'),('USA','United States'),('DEU','Germany');
CREATE TABLE marts.fct_trade_flows AS
  SELECT * FROM (VALUES
    ('KAZ','CHN',2023,'reporter',31.0e9,'kaz_bns'),('KAZ','RUS',2023,'reporter',26.0e9,'kaz_bns'),
    ('KAZ','USA',2023,'reporter',3.1e9,'kaz_bns'),('KAZ','DEU',2023,'reporter',9.0e9,'kaz_bns'),
    ('KAZ','CHN',2024,'reporter',30.5e9,'kaz_bns'),('KAZ','RUS',2024,'reporter',27.0e9,'kaz_bns'),
    ('KAZ','USA',2024,'reporter',3.9e9,'kaz_bns'),('KAZ','DEU',2024,'reporter',8.0e9,'kaz_bns'),
    ('KAZ','CHN',2023,'mirror',41.0e9,'imf_dots'),('KAZ','RUS',2023,'mirror',24.0e9,'imf_dots'),
    ('KAZ','USA',2023,'mirror',2.4e9,'imf_dots'),('KAZ','DEU',2023,'mirror',10.0e9,'imf_dots'),
    ('KAZ','CHN',2024,'mirror',43.8e9,'imf_dots'),('KAZ','RUS',2024,'mirror',23.5e9,'imf_dots'),
    ('KAZ','USA',2024,'mirror',2.9e9,'imf_dots'),('KAZ','DEU',2024,'mirror',9.5e9,'imf_dots'),
    ('KGZ','CHN',2024,'reporter',8.1e9,'imf_dots'),('KGZ','RUS',2024,'reporter',3.9e9,'imf_dots'),
    ('KGZ','CHN',2024,'mirror',22.7e9,'imf_dots'),('KGZ','RUS',2024,'mirror',4.2e9,'imf_dots'),
    ('UZB','CHN',2024,'reporter',13.1e9,'imf_dots'),('UZB','RUS',2024,'reporter',11.2e9,'imf_dots'),
    ('UZB','USA',2024,'reporter',0.6e9,'imf_dots'),('UZB','CHN',2024,'mirror',13.8e9,'imf_dots'),
    ('UZB','RUS',2024,'mirror',9.7e9,'imf_dots'),('UZB','USA',2024,'mirror',0.4e9,'imf_dots')
  ) AS t(country_iso3, partner_iso3, year, basis, trade_usd, source_id);
CREATE TABLE reporting.rpt_partner_shares AS
  SELECT country_iso3, partner_iso3, year, basis, trade_usd,
         sum(trade_usd) OVER (PARTITION BY country_iso3, year, basis) AS total_trade_usd,
         round(100 * trade_usd
               / sum(trade_usd) OVER (PARTITION BY country_iso3, year, basis), 2) AS share_pct
  FROM marts.fct_trade_flows;
CREATE TABLE reporting.rpt_mirror_gaps AS
  SELECT r.country_iso3, r.partner_iso3, r.year, 'imports' AS flow,
         r.trade_usd AS reported_value_usd, m.trade_usd AS mirror_value_usd,
         round((m.trade_usd - r.trade_usd) / ((m.trade_usd + r.trade_usd) / 2), 4)
           AS symmetric_discrepancy,
         m.source_id
  FROM marts.fct_trade_flows r JOIN marts.fct_trade_flows m
    USING (country_iso3, partner_iso3, year)
  WHERE r.basis = 'reporter' AND m.basis = 'mirror';
CREATE TABLE reporting.rpt_dependency_ratios AS
  SELECT *, round(sum(share_pct * share_pct) OVER (PARTITION BY country_iso3, year, basis)
                  / 10000, 4) AS hhi
  FROM reporting.rpt_partner_shares;
CREATE TABLE reporting.rpt_deals_vs_flows AS
  SELECT * FROM (VALUES
    ('KAZ', 'itemised', 'purchase_agreement', 17.0e9, 30.5e9, 27.0e9, 3.9e9, 'deals_2025'),
    ('KAZ', 'headline', 'headline_package_total', 17.0e9, 30.5e9, 27.0e9, 3.9e9, 'deals_2025'),
    ('UZB', 'headline', 'headline_package_total', 35.0e9, 13.1e9, 11.2e9, 0.6e9, 'deals_2025'))
  AS t(country_iso3, deal_measure, value_type, deal_value_usd, chn_trade_usd, rus_trade_usd,
       usa_trade_usd, deal_source_ids);
CREATE TABLE reporting.rpt_anchor_index AS
  SELECT country_iso3, year, domain, chn_weight, rus_weight, usa_weight,
         round((chn_weight + rus_weight) / usa_weight, 2) AS domain_anchor_ratio,
         ['imf_dots', 'kaz_bns'] AS source_ids
  FROM (VALUES ('KAZ', 2024, 'trade', 0.42, 0.33, 0.05), ('KAZ', 2024, 'security', 0.0, 0.9, 0.02),
               ('KAZ', 2023, 'trade', 0.40, 0.35, 0.05), ('UZB', 2024, 'trade', 0.5, 0.4, 0.02),
               ('UZB', 2024, 'remittances', 0.01, 0.8, 0.05))
  AS t(country_iso3, year, domain, chn_weight, rus_weight, usa_weight);
CREATE TABLE reporting.rpt_no_chart_yet (as_of DATE, note VARCHAR);
INSERT INTO reporting.rpt_no_chart_yet
  VALUES (DATE '2025-11-06', 'a report with no chart registered');
COMMENT ON TABLE reporting.rpt_partner_shares
  IS 'Each partner''s share of a state''s trade, per year and basis.';
COMMENT ON COLUMN reporting.rpt_partner_shares.share_pct
  IS 'Partner trade as a percentage of total trade.';
COMMENT ON COLUMN reporting.rpt_partner_shares.basis IS 'reporter or mirror.';
COMMENT ON TABLE reporting.rpt_mirror_gaps IS 'Reporter against mirror trade, with the gap.';
"""

CLAIMS_SQL = """
CREATE TABLE marts.dim_claims AS
  SELECT claim_id, topic, claim_en, quote_ar, comparator, threshold, unit
  FROM read_csv(?, all_varchar = true, header = true);
CREATE TABLE reporting.rpt_claim_checks AS
  SELECT claim_id, topic, claim_en, quote_ar, comparator, threshold, unit,
         CASE WHEN claim_id <= 'C13' THEN 'reporter 31.2; mirror 43.8' END AS computed_values,
         ['supported', 'partly_supported', 'not_supported', 'not_testable']
           [1 + (row_number() OVER (ORDER BY claim_id) - 1) % 4] AS verdict,
         CASE WHEN claim_id < 'C10' THEN 'deals_2025' ELSE 'imf_dots; kaz_bns' END
           AS evidence_source_ids,
         'sample reason for ' || claim_id AS reason
  FROM marts.dim_claims;
CREATE TABLE reporting.rpt_claim_evidence AS
  SELECT claim_id, basis, value, 'imf_dots' AS source_ids
  FROM marts.dim_claims, (VALUES ('reporter', 31.2), ('mirror', 43.8)) AS b(basis, value);
COMMENT ON TABLE reporting.rpt_claim_checks IS 'One row per claim of the article with its verdict.';
"""


def build_sample_warehouse(path: Path, *, hostile: bool = False) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL)
        con.execute(CLAIMS_SQL.replace("?", "'" + str(CLAIMS_CSV).replace("'", "''") + "'"))
        if hostile:
            con.execute(
                "UPDATE marts.dim_sources SET title = ? WHERE source_id = 'imf_dots'",
                [HOSTILE_TITLE],
            )
            con.execute(
                "UPDATE marts.dim_sources SET url = 'javascript:alert(3)' "
                "WHERE source_id = 'kaz_bns'"
            )
            for table in ("marts.dim_claims", "reporting.rpt_claim_checks"):
                con.execute(
                    f"UPDATE {table} SET quote_ar = ? WHERE claim_id = 'C01'",  # noqa: S608
                    [HOSTILE_QUOTE],
                )
            con.execute(
                "UPDATE marts.dim_countries SET name = ? WHERE country_iso3 = 'KAZ'",
                [HOSTILE_TITLE],
            )
    finally:
        con.close()
    return path
