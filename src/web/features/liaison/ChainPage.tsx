import { Button, Flex, Tree, type TreeDataNode, Typography } from 'antd';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TLiaisonNode } from '../../../shared/contracts/liaison';
import { BackLink } from '../../components/BackLink';
import { useCommunityChoice } from '../../components/CommunityPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLiaisonTree } from '../../lib/queries';
import { flattenTree } from '../../lib/tree';

/** The five-tier chain as a collapsible tree, a count of households at every node. */
export function ChainPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const { communityId, picker } = useCommunityChoice();
  const tree = useLiaisonTree(communityId);
  const [expanded, setExpanded] = useState<React.Key[]>([]);

  const allKeys = useMemo(
    () =>
      tree.data
        ? flattenTree(tree.data.roots)
            .filter((entry) => entry.node.children.length > 0)
            .map((entry) => entry.node.positionId)
        : [],
    [tree.data],
  );

  // Open the top two tiers at first: the committee and its branches.
  useEffect(() => {
    if (!tree.data) return;
    const firstTiers = flattenTree(tree.data.roots)
      .filter((entry) => entry.path.length < 2 && entry.node.children.length > 0)
      .map((entry) => entry.node.positionId);
    setExpanded(firstTiers);
  }, [tree.data]);

  const treeData = useMemo(
    () => (tree.data ? tree.data.roots.map((node) => toTreeNode(node, t)) : []),
    [tree.data, t],
  );

  return (
    <>
      <BackLink to="/">{t('app.backHome')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('chain.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('chain.intro')}</Typography.Paragraph>
      {picker}
      {tree.isPending ? (
        <Loading />
      ) : tree.isError ? (
        <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} />
      ) : (
        <>
          {tree.data.householdsWithoutLeader > 0 ? (
            <Typography.Paragraph strong style={{ color: '#b91c1c' }} data-testid="chain-without-leader">
              <span aria-hidden="true">⚠&nbsp;</span>
              {t('chain.withoutLeader', { count: tree.data.householdsWithoutLeader })}
            </Typography.Paragraph>
          ) : null}
          <Flex gap={12} wrap style={{ marginBottom: 12 }}>
            <Link to="/chain/coverage" className="linli-button-link">
              {t('chain.coverageLink')}
            </Link>
            <Button size="large" onClick={() => setExpanded(allKeys)}>
              {t('chain.expandAll')}
            </Button>
            <Button size="large" onClick={() => setExpanded([])}>
              {t('chain.collapseAll')}
            </Button>
          </Flex>
          {treeData.length === 0 ? (
            <Typography.Paragraph>{t('chain.empty')}</Typography.Paragraph>
          ) : (
            <div className="linli-tree" data-testid="chain-tree">
              <Tree
                treeData={treeData}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                selectable={false}
                showLine
                blockNode
                aria-label={t('chain.treeLabel')}
              />
            </div>
          )}
        </>
      )}
    </>
  );
}

function toTreeNode(
  node: TLiaisonNode,
  t: (key: string, options?: Record<string, unknown>) => string,
): TreeDataNode {
  return {
    key: node.positionId,
    title: (
      <Link to={`/chain/positions/${node.positionId}`} className="linli-tree-node" data-testid="chain-node">
        <span className="linli-tree-tier">{t(`tiers.${node.tier}`)}</span>
        <span className="linli-tree-name">{node.personName}</span>
        <span className="linli-tree-count">{t('chain.households', { count: node.households })}</span>
      </Link>
    ),
    children: node.children.map((child) => toTreeNode(child, t)),
    isLeaf: node.children.length === 0,
  };
}
