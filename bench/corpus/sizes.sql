-- The corpus sizes unless psql was given them (-v articles=N -v statements=N -v speakers=N, as
-- bench/run.sh passes them): generate.sql and verify.sql include this file (\ir).
\if :{?articles}
\else
  \set articles 200000
\endif
\if :{?statements}
\else
  \set statements 1000000
\endif
\if :{?speakers}
\else
  \set speakers 20000
\endif
