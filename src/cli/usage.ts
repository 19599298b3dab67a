// What each group of kpi commands takes: here, apart from the commands, so that printing help loads nothing.

export const ORG_USAGE = `  org link <organisation> --slack-team T123 | --slack-enterprise E123 | --teams-tenant <guid>
                          let that workspace, grid or tenant see the organisation (by slug or name)
  org unlink <organisation> --slack-team T123 | ...
  org list                which workspaces and tenants see which organisation
  org set <organisation> [--review-channel slack:C123|teams:<conversation id>|none] [--auto-accept on|off]
                          [--remind-before 7,2|none] [--remind-after 1,3|none]
                          where submissions go for review, whether they count without it, and the days
                          before and after a cycle's deadline that owners are reminded on (and on the day itself)
  org set <organisation> --compare on|off
                          share the organisation's figures with the other councils that share theirs, by national
                          code (compare AC/S16 in the chat); off (the default): it sees no other council's figures either`;

export const CODES_USAGE = `  codes set|remove <ref> "<national code>" [--organisation barnet]
                          the national measure an indicator is compared by (ASCOF 1C(2A), NI 192, PHOF 2.22iii, PAF C32);
                          codes printed with a ref or in a title are read on import
  codes list [--organisation barnet]
                          every indicator that carries a national code`;

export const PEOPLE_USAGE = `  people add <email> --name "..." [--organisation barnet] [--role admin|officer|viewer]
                          add a person (or change them); with SLACK_BOT_TOKEN set, find their Slack user by email
  people link <email> --slack U123 | --teams <Entra object id>
                          link a person to their Slack user or Teams user
  people list [--organisation barnet]`;

export const DIGEST_USAGE = `  subscribe --channel slack:C123|teams:<conversation id> --organisation barnet [--levels red,amber] [--service adults]
            [--schedule "MON 09:00"] [--alerts off]
                          a channel's weekly digest (default Mondays 09:00 Europe/London, red and amber, alerts on)
  unsubscribe --channel slack:C123
  subscriptions           every subscription, its next run and last result
  digest preview [--organisation barnet] [--levels red,amber] [--service adults] [--json]
                          what a digest would post now; posts nothing
  digest run --now [--retry] [--channel slack:C123]
                          post each subscription's current digest, unless it was already posted;
                          --retry sends again one whose post failed or whose outcome is unknown
  alerts run --now [--retry]
                          the status-change check for this quarter-hour, unless it already ran, and the
                          earlier alerts due a retry; --retry sends again those whose post failed or whose outcome is unknown`;

export const UPDATE_USAGE = `  update <ref> --period "Q3 2016/17" --value 64.1 [--numerator n --denominator n] --commentary "..." [--intervention "..."] --as <email> [--replace] [--confirm] [--organisation barnet]
                          submit a result and commentary as that person (provisional until reviewed);
                          --organisation: whose indicator, where two organisations use the ref;
                          --replace: even where someone else's submission for the period awaits review;
                          --confirm: record a figure that is unusual (over 100%, negative, numerator above denominator)
  update <key action ref> [--rag Green|"Green Amber"|Amber|"Red Amber"|Red|"Not rated"] [--status "On track"] --note "..." --as <email>
                          a key action's RAG or status and latest note (owners, delegates, officers), applied at once`;

export const REPORTING_USAGE = `  cycle open "Q3 2016/17" --due 2017-01-20 --organisation barnet
  cycle status|close --organisation barnet
                          a reporting cycle: owners may submit for its period until it is closed
  review [--organisation barnet]
                          submissions waiting for a decision
  review accept|return <ref> --period "Q3 2016/17" --as <email> [--comment "..."]
                          accept (it becomes the period's result) or return it (with a comment)
  owners set <ref> <owner email> [--delegate <email>] [--organisation barnet]
                          who owns an indicator or key action, and who may update it for them`;

export const IMPORT_USAGE = `  import <file.csv|file.xlsx> --organisation <name or slug> [--sheet <name>] [--period "Q2 2016/17"]
         [--map "<heading>=<field>[:<period>]"]... [--dry-run] [--skip-invalid] [--as <email>]
                          a council's indicator table in, upserted by ref, as accepted figures; any bad row
                          refuses the file (or is left out with --skip-invalid); --dry-run writes nothing
  import <file> --organisation <name or slug> --kind objectives --period 2017/18 [--map "<heading>=group"]... [--sheet ...] [--dry-run] [--skip-invalid] [--as <email>]
                          a performance wheel's table: Group, Code (and Objective) columns and one status column per
                          period (Apr - Jul, Q2 ... under RAG Status 2017/18), R/A/G or words; Direction and Narrative
                          columns speak of the latest period; Tags, Owner and Indicators columns where there are any;
                          a column of codes (P1, C4) is the code and one whose values repeat the group, whatever their
                          headings; --map names a column otherwise (code, group, title, tags, owner, indicators, direction, narrative)
  import <file> --kind benchmarks --source "NHS Digital ASCOF 2015/16" [--code "ASCOF 1C(2A)"] [--dry-run]
                          a published comparator table: one row per council and period (Area or Local authority,
                          Area code or ONS code, Period, Value), the measure in a Measure column or given by --code;
                          public figures, shown to every council that compares that measure`;

export const EXPORT_USAGE = `  export [--organisation <name or slug>] [--period "Q2 2016/17"] [--format csv|xlsx] [--out <file>]
                          the organisation's indicators as a table kpi import reads back unchanged (CSV to the screen without --out)`;

export const YEAR_END_USAGE = `  target <ref> --period 2017/18 --value 65% [--organisation barnet] --as <email>
                          set a period's target (a figure, a range such as 60-65%, or N/A), typically next year's
  period lock|reopen "Q2 2016/17" --organisation barnet --as <email>
                          lock a published period (officers, admins) so nothing about it changes; reopen it (admins)
  retire <ref> --note "replaced by AC/S12" [--organisation barnet] --as <email>
  unretire <ref> [--organisation barnet] --as <email>
                          retire an indicator (kept by its ref with its history, left out of lists, digests and alerts), or bring it back`;

export const REMINDERS_USAGE = `  reminders preview [--organisation barnet] [--date 2017-01-13]
                          who would be reminded of what on that day (default today), and where; sends nothing
  reminders run --now     send today's reminders now (even before 09:00), unless they were sent already`;

export const ASSESS_USAGE = `  assess <code> --period "Q2 2017/18" --status Red|Amber|Green [--direction Up|Stable|Down] [--note "..."] --as <email>
                          an objective's assessment for a period (its owner for the open cycle's period; officers, admins any);
                          a note (the narrative) is required when the status is Red or the direction Down`;

export const REPORT_USAGE = `  report --organisation <name or slug> --period "Q1 2016/17" [--service "Commissioning Group"] [--format docx|html] [--out <file>] [--no-charts]
                          the committee report for the period: overview, indicators by priority (each with its trend
                          chart; --no-charts leaves them out, for a quick draft), comments for those off target, key
                          actions; Word (default) or one HTML file (format from --out's extension too)`;

export const CHART_USAGE = `  chart <ref> [--format png|svg] [--out <file>] [--periods 8] [--width 1200] [--organisation <name or slug>]
                          an indicator's figures against target as a picture (default <ref with / as ->.png);
                          --organisation where two organisations use the reference
  chart wheel [--period "Q2 2017/18"] [--organisation <name or slug>] [--format png|svg] [--out <file>] [--width 1200]
                          the performance wheel for a period (default the latest assessed): each segment's code and
                          status, by group (default wheel-<period>.png)`;
