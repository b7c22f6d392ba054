// The help text of `kubetalk validate`, apart from the command so that main.ts can load the validator lazily.

export const VALIDATE_HELP = `Usage: kubetalk validate -f FILE [-f FILE …] [-n NAMESPACE] [--strict] [--output text|json]

Checks ChatCommand manifests without a cluster: every field against the CRD's schema and its rules (the same
messages the API server gives), then trigger and alias collisions across all the objects given (two commands
answering the same words in a shared conversation). ChatIdentity manifests are checked too, and a staff id or
unionId claimed by two of them fails both (the controller would report Conflict). Any other kubetalk.io kind
(AlertRoute, ChatRequest) is checked against its own CRD file; AlertRoutes also get their matchers (RE2 syntax)
and button templates checked. Other kinds in the files (ServiceAccount, Role…) are skipped. Each object is reported as FILE:LINE (doc N), N counting the file's YAML documents from 1.

Exit code: 0 all valid, 1 an invalid object or a collision (or, with --strict, a warning), 2 usage error.

Options:
  -f, --filename FILE   a YAML/JSON file, a directory of them, or - for stdin; repeat for several
  -n, --namespace NS    namespace of objects that have none, as "kubectl apply -n NS" (default: they must say)
  --strict              warnings fail too (a command that grants nobody, which the controller reports
                        as NobodyAllowed)
  -o, --output FORMAT   text (default) or json (for CI: {ok, objects[], conflicts[]})

Examples:
  kubetalk validate -f scale-web.yaml
  kubetalk validate -f chatcommands/ -f team-b.yaml --strict
  helm template charts/my-app | kubetalk validate -f - -o json`;
