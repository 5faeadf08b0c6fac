import { resolve } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { isProd, type Stage } from "./stage.js";

export const WEB_DIST = resolve(import.meta.dirname, "../../web/dist");

/**
 * The static client: a private bucket behind CloudFront (origin access
 * control), every client route answered with index.html, strict security
 * headers. The API address reaches the client in /config.json, written at
 * deploy, so one build serves every stage.
 */
export class Web extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: {
      stage: Stage;
      /** The API's origin (https://<api id>.execute-api.<region>.<suffix>): the one place the client connects to. */
      apiEndpoint: string;
    },
  ) {
    super(scope, id);
    const prod = isProd(props.stage);
    this.bucket = new Bucket(this, "Site", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !prod,
    });
    const headers = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API lives on its own origin, this stage's execute-api host and no other; nothing else is fetched or run.
          contentSecurityPolicy: `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${props.apiEndpoint}; manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'`,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    this.distribution = new Distribution(this, "Cdn", {
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
      },
      // Client routes (/team, /invite) are not files: the bucket answers 403, the client takes over.
      errorResponses: [403, 404].map((status) => ({
        httpStatus: status,
        responseHttpStatus: 200,
        responsePagePath: "/index.html",
        ttl: Duration.seconds(0),
      })),
    });
  }

  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the built client and its runtime config; CloudFront's cache is cleared for them. */
  publish(runtimeConfig: Record<string, unknown>) {
    new BucketDeployment(this, "Publish", {
      destinationBucket: this.bucket,
      sources: [Source.asset(WEB_DIST), Source.jsonData("config.json", runtimeConfig)],
      distribution: this.distribution,
      distributionPaths: ["/index.html", "/config.json"],
      memoryLimit: 512,
    });
  }
}
