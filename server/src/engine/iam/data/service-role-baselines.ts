/**
 * AWS managed policies that AWS documents as the permission baseline of one service's role: on a
 * role only that service assumes, they are the expected set-up, not a function given too much
 * (iam-admin-managed-policy reports them at info). Data only, one entry per policy with the
 * service principal(s) and the page that documents it; attached to any other role (a Lambda
 * execution role), they are judged like every other managed policy.
 */
export interface ServiceRoleBaseline {
  /** Managed policy name (last segment of its ARN). */
  policy: string;
  /** Service principals whose role it is the baseline of. */
  principals: readonly string[];
  /** The service, for messages. */
  service: string;
  /**
   * Only for roles the template gives to these resource types (every resource that refers to the
   * role is one of them, and one does): the policy is the documented baseline of that use only.
   */
  usedBy?: readonly string[];
  source: string;
}

export const SERVICE_ROLE_BASELINES: readonly ServiceRoleBaseline[] = [
  { policy: 'AWSGlueServiceRole', principals: ['glue.amazonaws.com'], service: 'AWS Glue', source: 'https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html (attach AWSGlueServiceRole to the Glue service role)' },
  { policy: 'AWSGlueServiceNotebookRole', principals: ['ec2.amazonaws.com'], service: 'AWS Glue notebook server', source: 'https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role-notebook.html' },
  { policy: 'AmazonSSMManagedInstanceCore', principals: ['ec2.amazonaws.com'], service: 'Systems Manager managed-instance (EC2 instance profile)', source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html' },
  // A notebook's role is the data scientist's working identity; a model's or endpoint's role only
  // pulls its image and artefact, and the same page lists those narrower permissions for it.
  {
    policy: 'AmazonSageMakerFullAccess',
    principals: ['sagemaker.amazonaws.com'],
    service: 'SageMaker notebook execution',
    usedBy: ['AWS::SageMaker::NotebookInstance', 'AWS::SageMaker::Domain', 'AWS::SageMaker::UserProfile'],
    source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html (the console creates notebook execution roles with the AmazonSageMakerFullAccess policy attached)',
  },
  { policy: 'AWSCodeDeployRole', principals: ['codedeploy.amazonaws.com'], service: 'CodeDeploy', source: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html' },
  { policy: 'AWSBatchServiceRole', principals: ['batch.amazonaws.com'], service: 'AWS Batch', source: 'https://docs.aws.amazon.com/batch/latest/userguide/service_IAM_role.html' },
  { policy: 'AmazonElasticMapReduceRole', principals: ['elasticmapreduce.amazonaws.com'], service: 'Amazon EMR', source: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html' },
  { policy: 'AmazonEKSClusterPolicy', principals: ['eks.amazonaws.com'], service: 'Amazon EKS cluster', source: 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html' },
];

export function serviceRoleBaseline(policy: string): ServiceRoleBaseline | undefined {
  return SERVICE_ROLE_BASELINES.find((b) => b.policy === policy);
}
