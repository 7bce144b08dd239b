// cutoverDeploy(service:, version:, environment:, approvedBy:, timeout:, cli:, releaseArgs:)
// Releases a version through Cutover and waits for the verdict. The step fails when the
// release fails, is rolled back or aborted; the reason is in the log and in the JUnit
// report it records (a test case per phase). Jenkins' GIT_COMMIT, BUILD_URL and
// GIT_AUTHOR_NAME are read by the CLI and kept on the deployment.
def call(Map args = [:]) {
  def service = args.service ?: error('cutoverDeploy: service is required')
  def version = args.version ?: error('cutoverDeploy: version is required')
  def environment = args.environment ?: error('cutoverDeploy: environment is required')
  def cli = args.cli ?: 'cutover'
  def report = "cutover-${environment}.xml"
  def flags = [
    "--environment '${environment}'",
    '--wait',
    "--timeout '${args.timeout ?: '30m'}'",
    "--junit '${report}'",
  ]
  if (args.approvedBy) {
    flags << "--approve-as '${args.approvedBy}'"
  }
  flags.addAll(args.releaseArgs ?: [])
  try {
    sh "${cli} release '${service}' '${version}' ${flags.join(' ')}"
  } finally {
    junit(allowEmptyResults: true, testResults: report)
  }
}
