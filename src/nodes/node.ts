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
  /**
   * Name that distinguishes the node in results and views: `name`, or `name#N` for the N-th of several
   * nodes given with the same name, such as `--local --local`.
   */
  label: string;
}

/** Option names that introduce each kind of node on the command line. */
export const NODE_OPTION: Record<NodeKind, string> = {
  local: '--local',
  ssh: '--ssh',
  docker: '--docker',
  podman: '--podman',
  lxc: '--lxc',
};
