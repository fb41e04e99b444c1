/** The one part of jstat (no bundled types) stackbench uses: Student's t quantile function. */
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** The p-quantile of Student's t with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
  };
  export default jStat;
}
