/** The kinds of node a job can run on. */
export type NodeKind = 'local' | 'ssh' | 'docker' | 'podman' | 'lxc';

/**
 * One place where jobs run. The same spec given twice is two nodes, told apart by `index`.
 */
export interface NodeSpec {
  kind: NodeKind;
  /** Name shown in results: `local`, the ssh access string or the container name, as given. */
  name: string;
  /** Position among the nodes of the run, from 0, in the order they were given. */
  index: number;
}

/** Option names that introduce each kind of node on the command line. */
export const NODE_OPTION: Record<NodeKind, string> = {
  local: '--local',
  ssh: '--ssh',
  docker: '--docker',
  podman: '--podman',
  lxc: '--lxc',
};
