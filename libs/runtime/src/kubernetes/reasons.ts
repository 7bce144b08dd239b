// Reasons of environment states that only the kubernetes runtime reports. Where Kubernetes
// has a name for what went wrong (a container's waiting reason), that name is the reason.
export const KubernetesReasons = {
  CrashLoopBackOff: 'CrashLoopBackOff',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImagePull: 'ErrImagePull',
  Unschedulable: 'Unschedulable',
  /** A ReplicaSet could not create pods: the namespace's ResourceQuota would be exceeded. */
  QuotaExceeded: 'QuotaExceeded',
  /** The kubelet reported the readiness probe failing as often as the policy tolerates. */
  ReadinessProbeFailed: 'ReadinessProbeFailed',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  /** A color that was ready has no ready pod left. */
  PodsNotReady: 'PodsNotReady',
  /** The API server refused the release's objects (invalid image name, admission...). */
  Rejected: 'Rejected',
  /** Neither the release nor the service's configuration names an image. */
  NoImage: 'NoImage',
  /** Cutover's objects are not in the cluster (never applied, or deleted by someone). */
  NotDeployed: 'NotDeployed',
  /** A state recorded before this runtime started claimed a color whose Deployment the cluster does not have. */
  NotInCluster: 'NotInCluster',
} as const;

/** Container waiting reasons no amount of waiting fixes: fail at once, under this reason. */
export const FATAL_WAITING_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** Restarts before ready that make a crash loop, even before the kubelet says CrashLoopBackOff. */
export const CRASH_LOOP_RESTARTS = 3;
