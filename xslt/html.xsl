<?xml version="1.0" encoding="UTF-8"?>
<!--
  Reading view: TEI document → HTML fragment (table of contents + text + notes) that the
  Jinja page shell templates/document.html places in the site.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:functions"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="common.xsl"/>
  <!-- register pages reach a mention by its paragraph and a text fragment: 1,600 ids fewer on the
       longest page -->
  <xsl:param name="mention-ids" as="xs:boolean" select="false()"/>
  <xsl:output method="html" html-version="5" omit-xml-declaration="yes" indent="no" encoding="UTF-8"/>

  <xsl:template match="/">
    <div class="document-parts">
      <xsl:if test="exists(//tei:body//tei:div/tei:head)">
        <nav class="toc" aria-labelledby="toc-heading">
          <!-- folded by edition.js on narrow screens, where it would stand before the text -->
          <details open="">
            <summary><h2 id="toc-heading">Contents</h2></summary>
            <ol><xsl:apply-templates select="tei:TEI/tei:text/(tei:body | tei:back)/tei:div[tei:head]" mode="toc"/></ol>
          </details>
        </nav>
      </xsl:if>
      <article class="tei-document" id="text" lang="{(tei:TEI/@xml:lang, 'en')[1]}">
        <xsl:apply-templates select="tei:TEI/tei:text"/>
        <xsl:call-template name="footnotes"/>
      </article>
    </div>
  </xsl:template>

  <!-- ============ Table of contents ============ -->
  <xsl:template match="tei:div" mode="toc">
    <li>
      <a href="#{ed:div-id(.)}"><xsl:apply-templates select="tei:head" mode="toc"/></a>
      <xsl:if test="tei:div[tei:head]">
        <ol><xsl:apply-templates select="tei:div[tei:head]" mode="toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>
  <xsl:template match="tei:head" mode="toc">
    <xsl:apply-templates mode="toc"/>
  </xsl:template>
  <xsl:template match="tei:note" mode="toc"/>
  <xsl:template match="tei:choice" mode="toc"><xsl:apply-templates select="*[1]" mode="toc"/></xsl:template>
  <xsl:template match="*" mode="toc"><xsl:apply-templates mode="toc"/></xsl:template>

  <!-- Sections a reader can link to always have an id, even if the TEI gives none. -->
  <xsl:function name="ed:div-id" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <!-- front and back count their own divs: their prefix keeps them apart from the body's (sitecheck) -->
    <xsl:sequence select="string(($div/@xml:id, 'sec-' || ($div/ancestor::tei:front ! 'front-', $div/ancestor::tei:back ! 'back-')[1] || string-join(for $d in $div/ancestor-or-self::tei:div return string(count($d/preceding-sibling::tei:div) + 1), '.'))[1])"/>
  </xsl:function>

  <xsl:template match="tei:div">
    <section id="{ed:div-id(.)}">
      <xsl:attribute name="class" select="string-join(('div', @type ! ('div-' || .)), ' ')"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:if test="@type = 'headnote'">
        <p class="resp-label">Translator’s headnote</p>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- ============ Notes: a call in the text, the note in the list at the end ============ -->

  <!-- A note of the source whose text the source lost: the call stays, quiet and unlinked;
       the notes say once which texts are missing. -->
  <xsl:function name="ed:lost" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="exists($note/tei:gap[@reason = 'note-text-not-in-source'])
                          and empty($note/(* except tei:gap)) and normalize-space(string($note)) = ''"/>
  </xsl:function>

  <xsl:template match="tei:note[@place = 'foot' or @type = 'editorial'][ed:lost(.)]" priority="2">
    <sup class="noteref lost" id="{ed:note-id(.)}-ref" title="note {ed:note-label(.)}: its text is not in the source">{ed:note-label(.)}</sup>
  </xsl:template>

  <xsl:template match="tei:note[@place = 'foot' or @type = 'editorial']">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <xsl:variable name="ed" select="@type = 'editorial'"/>
    <a class="noteref{if ($ed) then ' editorial' else ''}" href="#{$id}" id="{$id}-ref" role="doc-noteref"
       aria-label="{if ($ed) then 'editorial note' else 'note'} {ed:note-label(.)}">{ed:note-label(.)}</a>
  </xsl:template>

  <xsl:template match="tei:note">
    <span class="inline-note"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template name="footnotes">
    <xsl:variable name="source-notes" select="tei:TEI/tei:text//tei:note[@place = 'foot'][not(@type = 'editorial')]"/>
    <xsl:variable name="lost" select="$source-notes[ed:lost(.)]"/>
    <xsl:variable name="ed-notes" select="tei:TEI/tei:text//tei:note[@type = 'editorial']"/>
    <xsl:if test="$source-notes">
      <section class="footnotes" role="doc-endnotes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <xsl:if test="$lost">
          <p class="notes-lost" id="notes-lost">{if (count($lost) = count($source-notes)) then 'The texts of all '
            || count($lost) || ' notes are' else 'The texts of ' || count($lost) || ' of the '
            || count($source-notes) || ' notes (' || ed:number-list($lost ! string(@n)) || ') are'}
            not in the source this edition follows: it prints their calls only. The calls are kept
            in the text, in grey, as printed.</p>
        </xsl:if>
        <xsl:if test="$source-notes except $lost">
          <div class="notes">
            <xsl:apply-templates select="$source-notes except $lost" mode="note-body"/>
          </div>
        </xsl:if>
      </section>
    </xsl:if>
    <xsl:if test="$ed-notes">
      <section class="footnotes editorial" aria-labelledby="ednotes-heading">
        <h2 id="ednotes-heading">Editorial notes</h2>
        <p class="notes-intro">Notes by the editors of this edition, lettered to tell them from the source's own.</p>
        <div class="notes">
          <xsl:apply-templates select="$ed-notes" mode="note-body"/>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- "29, 70, 89 and 99"; a long run as "1–73". -->
  <xsl:function name="ed:number-list" as="xs:string">
    <xsl:param name="ns" as="xs:string*"/>
    <xsl:variable name="ints" select="$ns[. castable as xs:integer] ! xs:integer(.)"/>
    <xsl:sequence select="
      if (count($ints) gt 4 and max($ints) - min($ints) + 1 = count($ints)) then min($ints) || '–' || max($ints)
      else if (count($ns) le 1) then string-join($ns)
      else string-join($ns[position() lt last()], ', ') || ' and ' || $ns[last()]"/>
  </xsl:function>

  <xsl:template match="tei:note" mode="note-body">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <xsl:variable name="ed" select="@type = 'editorial'"/>
    <!-- doc-footnote, not the deprecated doc-endnote; a div, as a role on li would break its list -->
    <div id="{$id}" role="doc-footnote">
      <xsl:if test="$ed or @resp"><xsl:attribute name="class" select="if ($ed) then 'editorial' else 'resp'"/></xsl:if>
      <!-- the note's number leads back to its call, as in print editions online -->
      <a class="nl" href="#{$id}-ref" role="doc-backlink">{ed:note-label(.)}</a>
      <xsl:text> </xsl:text>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="tei:note/tei:p">
    <p><xsl:apply-templates/></p>
  </xsl:template>

</xsl:stylesheet>
